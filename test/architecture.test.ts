import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, dirname, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
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

/** An import between two files of src/, as paths relative to src/. */
interface Import {
  readonly from: string;
  readonly to: string;
}

function importsInSrc(): Import[] {
  return files(SRC).flatMap((file) =>
    importsOf(readFileSync(file, "utf8"))
      .filter((specifier) => specifier.startsWith("."))
      .map((specifier) => ({ from: relative(SRC, file), to: relative(SRC, resolve(dirname(file), specifier)).replace(/\.js$/, ".ts") })),
  );
}

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

/**
 * The domain and the application are organised by feature: `domain/<feature>/…`,
 * `application/<feature>/…`. Code every feature builds on sits in `shared/` and `ports/` or
 * directly in the layer's folder (tokens.ts, events.ts). Adapters are organised by technology
 * first and by feature inside it: `adapters/<technology>/<feature>/…` (`adapters/http/surveys`,
 * `adapters/sqlite/webhooks`); the files directly in a technology's folder (`adapters/http/app.ts`)
 * and `adapters/shared` are what that technology's features build on. Hosts are not checked here.
 */
const FEATURE_LAYERS = ["domain", "application"] as const;
const SHARED_FOLDERS = new Set(["shared", "ports"]);

/**
 * `application/customers` or `adapters/http/surveys` for a feature's file; null for shared code
 * and for the hosts.
 */
function featureOf(path: string): string | null {
  const [layer, folder, ...rest] = path.split("/");
  if (layer === "adapters") {
    const [feature, ...inFeature] = rest;
    return inFeature.length === 0 || SHARED_FOLDERS.has(folder ?? "") ? null : `adapters/${folder}/${feature}`;
  }
  if (!(FEATURE_LAYERS as readonly string[]).includes(layer ?? "") || rest.length === 0 || SHARED_FOLDERS.has(folder ?? "")) return null;
  return `${layer}/${folder}`;
}

const isShared = (path: string): boolean => (FEATURE_LAYERS as readonly string[]).includes(path.split("/")[0] ?? "") && featureOf(path) === null;

/**
 * Shared code importing a feature of its own layer: every other feature would then depend on that
 * one. (Ports describe the storage of the domain's records, an inner layer; that is their job.)
 */
function sharedImportingFeatures(imports: readonly Import[]): string[] {
  const layer = (path: string) => path.split("/")[0];
  return imports
    .filter(({ from, to }) => isShared(from) && featureOf(to) !== null && layer(from) === layer(to))
    .map(({ from, to }) => `${from} imports ${to}`);
}

/**
 * Groups of features that import each other in a circle (strongly connected components of more
 * than one), in the domain, the application and the adapters: `adapters/http/surveys` may use
 * `adapters/http/webhooks`, but then never the other way round, directly or through a third.
 */
function featureCycles(imports: readonly Import[]): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const { from, to } of imports) {
    const a = featureOf(from);
    const b = featureOf(to);
    if (a === null || b === null || a === b) continue;
    edges.set(a, (edges.get(a) ?? new Set()).add(b));
  }
  // Tarjan's algorithm.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (stack.includes(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        group.push(member);
      } while (member !== node);
      if (group.length > 1) cycles.push(group.sort());
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return cycles.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** A source file of src/, by its path relative to src/. */
interface SourceFile {
  readonly path: string;
  readonly source: string;
}

interface ClassShape {
  readonly name: string;
  readonly exported: boolean;
  readonly injectable: boolean;
  readonly hasExecute: boolean;
  readonly implements: readonly string[];
}

/** The top-level classes of a file, read with the TypeScript parser (no regular expressions over code). */
function classesOf(file: SourceFile): ClassShape[] {
  const parsed = ts.createSourceFile(file.path, file.source, ts.ScriptTarget.Latest, true);
  return parsed.statements.filter(ts.isClassDeclaration).map((declaration) => ({
    name: declaration.name?.text ?? "(anonymous)",
    exported: (ts.getModifiers(declaration) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword),
    injectable: (ts.getDecorators(declaration) ?? []).some((decorator) => /^injectable\(/.test(decorator.expression.getText(parsed))),
    hasExecute: declaration.members.some((member) => ts.isMethodDeclaration(member) && member.name.getText(parsed) === "execute"),
    implements: (declaration.heritageClauses ?? [])
      .filter((clause) => clause.token === ts.SyntaxKind.ImplementsKeyword)
      .flatMap((clause) => clause.types.map((type) => type.expression.getText(parsed))),
  }));
}

const applicationFiles = (): SourceFile[] =>
  files(join(SRC, "application")).map((file) => ({ path: relative(SRC, file).split(sep).join("/"), source: readFileSync(file, "utf8") }));

/**
 * One use case per file: a use case is a class with an `execute` method, and a file of
 * src/application that exports one exports no other.
 */
function filesWithSeveralUseCases(sources: readonly SourceFile[]): string[] {
  return sources.flatMap((file) => {
    const useCases = classesOf(file).filter((shape) => shape.exported && shape.hasExecute);
    return useCases.length > 1 ? [`${file.path} exports ${useCases.length} use cases: ${useCases.map((shape) => shape.name).join(", ")}`] : [];
  });
}

/**
 * Every exported @injectable() class in a feature folder of src/application (not `ports/` or
 * `shared/`, which hold the interfaces and helpers every feature uses) is either a use case, with
 * its one `execute`, or an outbox handler (`implements OutboxHandler`, called by the dispatcher
 * with `handle`). Anything else injectable there is a use case without its `execute`, or a helper
 * that belongs in `shared/` or behind a port.
 */
function injectablesWithoutRole(sources: readonly SourceFile[]): string[] {
  return sources
    .filter((file) => featureOf(file.path)?.startsWith("application/"))
    .flatMap((file) =>
      classesOf(file)
        .filter((shape) => shape.exported && shape.injectable && !shape.hasExecute && !shape.implements.includes("OutboxHandler"))
        .map((shape) => `${file.path}: ${shape.name} is @injectable() but has no execute and is no OutboxHandler`),
    );
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

  it("keeps shared code free of features", () => {
    expect(sharedImportingFeatures(importsInSrc())).toEqual([]);
  });

  it("lets no features import each other in a circle, in the domain, the application or the adapters", () => {
    expect(featureCycles(importsInSrc())).toEqual([]);
  });

  it("puts one use case in a file, and gives every injectable class of a feature a role", () => {
    const sources = applicationFiles();
    expect(sources.flatMap(classesOf).filter((shape) => shape.hasExecute).length).toBeGreaterThan(50);
    expect(filesWithSeveralUseCases(sources)).toEqual([]);
    expect(injectablesWithoutRole(sources)).toEqual([]);
  });

  it("sees each rule broken when a violation is planted (the checks themselves work)", () => {
    expect(importsOf('import { x } from "../adapters/sqlite/thing.js";\nimport "reflect-metadata";')).toEqual([
      "../adapters/sqlite/thing.js",
      "reflect-metadata",
    ]);
    const planted: Import[] = [
      ...importsInSrc(),
      { from: "application/shared/planted.ts", to: "application/inquiries/inquiry-view.ts" },
      { from: "application/tickets/planted.ts", to: "application/staff/planted.ts" },
      { from: "application/staff/planted.ts", to: "application/tickets/planted.ts" },
    ];
    expect(sharedImportingFeatures(planted)).toContain("application/shared/planted.ts imports application/inquiries/inquiry-view.ts");
    expect(featureCycles(planted)).toEqual([["application/staff", "application/tickets"]]);
  });

  it("sees a circle between two adapters' feature folders, and none through a technology's shared files", () => {
    const planted: Import[] = [
      ...importsInSrc(),
      { from: "adapters/http/surveys/planted.ts", to: "adapters/http/webhooks/planted.ts" },
      { from: "adapters/http/webhooks/planted.ts", to: "adapters/sqlite/accounting/planted.ts" },
      { from: "adapters/sqlite/accounting/planted.ts", to: "adapters/http/surveys/planted.ts" },
      // Shared code of a technology is no feature: importing it and being imported by it is no circle.
      { from: "adapters/http/app.ts", to: "adapters/http/forms/planted.ts" },
      { from: "adapters/http/forms/planted.ts", to: "adapters/http/app.ts" },
    ];
    expect(featureCycles(planted)).toEqual([["adapters/http/surveys", "adapters/http/webhooks", "adapters/sqlite/accounting"]]);
  });

  it("sees a file with two use cases and an injectable class without a role when they are planted", () => {
    const planted: SourceFile[] = [
      ...applicationFiles(),
      {
        path: "application/tickets/planted-use-cases.ts",
        source:
          "@injectable()\nexport class CloseTicket { async execute(): Promise<void> {} }\n" +
          "@injectable()\nexport class ReopenTicket { async execute(): Promise<void> {} }\n",
      },
      { path: "application/tickets/planted-helper.ts", source: "@injectable()\nexport class TicketHelper {\n  async run(): Promise<void> {}\n}\n" },
      // Not flagged: an outbox handler, a helper in shared/, a class that is not injected.
      { path: "application/tickets/planted-handler.ts", source: "@injectable()\nexport class OnTicket implements OutboxHandler { async handle(): Promise<void> {} }\n" },
      { path: "application/shared/planted-helper.ts", source: "@injectable()\nexport class SharedHelper { run(): void {} }\n" },
      { path: "application/tickets/planted-error.ts", source: "export class TicketClosedError extends Error {}\n" },
    ];
    expect(filesWithSeveralUseCases(planted)).toEqual(["application/tickets/planted-use-cases.ts exports 2 use cases: CloseTicket, ReopenTicket"]);
    expect(injectablesWithoutRole(planted)).toEqual(["application/tickets/planted-helper.ts: TicketHelper is @injectable() but has no execute and is no OutboxHandler"]);
  });
});
