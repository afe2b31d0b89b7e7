import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { UnitOfWork } from "../../src/application/ports/unit-of-work.js";
import type { SigningKeyRepository } from "../../src/application/ports/signing-keys.js";
import { ok } from "../../src/domain/shared/result.js";
import type { ContractSubject } from "./unit-of-work.contract.js";

/** Signing keys: what every storage adapter must do with them. */
export function describeSigningKeyContract(adapter: string, makeSubject: () => Promise<ContractSubject>): void {
  describe(`${adapter} signing key storage contract`, () => {
    let subject: ContractSubject;
    let uow: UnitOfWork;

    const inSystem = async <T>(work: (keys: SigningKeyRepository) => Promise<T>): Promise<T> => {
      const result = await uow.runSystem(async (tx) => ok(await work(tx.signingKeys)));
      if (!result.ok) throw new Error("unexpected failure");
      return result.value;
    };

    beforeEach(async () => {
      subject = await makeSubject();
      uow = subject.uow;
    });

    afterEach(async () => {
      await subject.close();
    });

    it("knows no key until one is stored, then keeps the first one stored under a name", async () => {
      expect(await inSystem((keys) => keys.find("stream-token"))).toBeNull();
      await inSystem((keys) => keys.insertIfAbsent("stream-token", "first-secret", "2026-11-25T09:00:00.000Z"));
      await inSystem((keys) => keys.insertIfAbsent("stream-token", "second-secret", "2026-11-25T09:01:00.000Z"));
      await inSystem((keys) => keys.insertIfAbsent("other-purpose", "other-secret", "2026-11-25T09:01:00.000Z"));
      expect(await inSystem((keys) => keys.find("stream-token"))).toBe("first-secret");
      expect(await inSystem((keys) => keys.find("other-purpose"))).toBe("other-secret");
    });

    it("rolls back with the transaction", async () => {
      await uow.runSystem(async (tx) => {
        await tx.signingKeys.insertIfAbsent("stream-token", "rolled-back", "2026-11-25T09:00:00.000Z");
        return { ok: false, error: "abort" } as const;
      });
      expect(await inSystem((keys) => keys.find("stream-token"))).toBeNull();
    });
  });
}
