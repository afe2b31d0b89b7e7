import { describe, expect, it } from "vitest";
import { compose, resolveUseCases } from "../src/hosts/container.js";

describe("composition", () => {
  it("resolves every use case with all its ports injected, for both storage adapters", () => {
    for (const storage of [{ kind: "memory" } as const, { kind: "sqlite", path: ":memory:" } as const]) {
      const composition = compose({ storage });
      const useCases = resolveUseCases(composition.container);
      for (const [name, useCase] of Object.entries(useCases)) {
        for (const [field, dependency] of Object.entries(useCase as object)) {
          expect(dependency, `${storage.kind}: ${name}.${field}`).toBeDefined();
        }
      }
      composition.close();
    }
  });
});
