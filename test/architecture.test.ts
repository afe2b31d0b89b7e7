import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, dirname, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../src");
const LAYERS = ["domain", "application", "adapters", "hosts"] as const;
type Layer = (typeof LAYERS)[number];

/** What each layer may import besides its own and inner layers. */
const ALLOWED_PACKAGES: Readonly<Record<Layer, (specifier: string) => boolean>> = {
  domain: () => false,
  application: (s) => s === "zod" || s === "tsyringe",
  adapters: () => true,
  hosts: () => true,
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  const pattern = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;
  for (const match of source.matchAll(pattern)) specifiers.push((match[1] ?? match[2] ?? match[3]) as string);
  return specifiers;
}

const layerOf = (file: string): Layer => relative(SRC, file).split(sep)[0] as Layer;

function violations(): string[] {
  const found: string[] = [];
  for (const file of files(SRC)) {
    const layer = layerOf(file);
    const rank = LAYERS.indexOf(layer);
    for (const specifier of importsOf(readFileSync(file, "utf8"))) {
      if (specifier.startsWith(".")) {
        const target = resolve(dirname(file), specifier);
        if (!target.startsWith(SRC)) {
          found.push(`${relative(SRC, file)} imports ${specifier} outside src/`);
          continue;
        }
        const targetLayer = layerOf(target);
        if (LAYERS.indexOf(targetLayer) > rank) found.push(`${relative(SRC, file)} (${layer}) imports ${specifier} (${targetLayer})`);
      } else if (!ALLOWED_PACKAGES[layer](specifier)) {
        found.push(`${relative(SRC, file)} (${layer}) imports package ${specifier}`);
      }
    }
  }
  return found;
}

describe("the dependency rule", () => {
  it("lets every layer depend only on itself and inner layers", () => {
    expect(violations()).toEqual([]);
  });

  it("keeps decorators, clocks and randomness out of the domain", () => {
    const offenders = files(join(SRC, "domain")).filter((file) =>
      /@injectable|@inject\(|Date\.now\(|new Date\(\)|Math\.random\(|process\./.test(readFileSync(file, "utf8")),
    );
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });

  it("puts @inject on every constructor parameter of an injectable class", () => {
    const missing: string[] = [];
    for (const file of files(SRC)) {
      const source = readFileSync(file, "utf8");
      if (!source.includes("@injectable()")) continue;
      for (const ctor of source.matchAll(/constructor\(([\s\S]*?)\)\s*\{/g)) {
        const params = (ctor[1] ?? "").split(/,(?![^<]*>)/).map((p) => p.trim()).filter(Boolean);
        for (const param of params) if (!param.startsWith("@inject(")) missing.push(`${relative(SRC, file)}: ${param}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("detects a violation when one is planted (the check itself works)", () => {
    expect(importsOf('import { x } from "../adapters/sqlite/thing.js";\nimport "reflect-metadata";')).toEqual([
      "../adapters/sqlite/thing.js",
      "reflect-metadata",
    ]);
  });
});
