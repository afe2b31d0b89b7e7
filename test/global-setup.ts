import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, rmSync, statSync, utimesSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { newRunId, RUN_ID_VARIABLE, runSchemaPrefix, usingPostgres } from "./support/test-database.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SRC = join(ROOT, "src");
const DIST = join(ROOT, "dist");
// Outside dist/, which is published: the build info only speeds up the next rebuild here.
const BUILD_INFO = join(ROOT, "node_modules", ".cache", "leadport", "dist.tsbuildinfo");
const BUILD_CONFIGS = ["tsconfig.json", "tsconfig.build.json"].map((name) => join(ROOT, name));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts"))
    .map((entry) => join(entry.parentPath, entry.name));
}

function outputOf(source: string): string {
  return join(DIST, relative(SRC, source)).replace(/\.ts$/, ".js");
}

/** What dist/ lacks or holds in an older version than src/: empty when the build is current. */
export function staleOutputs(): { missing: string[]; outdated: string[] } {
  const missing: string[] = [];
  const outdated: string[] = [];
  const newestConfig = Math.max(...BUILD_CONFIGS.map((file) => statSync(file).mtimeMs));
  for (const source of sourceFiles(SRC)) {
    const output = outputOf(source);
    if (!existsSync(output)) {
      missing.push(relative(ROOT, source));
      continue;
    }
    const builtAt = statSync(output).mtimeMs;
    if (builtAt < statSync(source).mtimeMs || builtAt < newestConfig) outdated.push(relative(ROOT, source));
  }
  return { missing, outdated };
}

/**
 * Tests that start the real `leadport` binary, or import the package as an application does, run
 * dist/. `npm test` builds first, but a single file run with `npx vitest run` after an edit
 * would test yesterday's code and pass or fail for the wrong reason. So: rebuild when any
 * source file is newer than its output (incrementally: a few seconds), and stop the run with the
 * compiler's messages when the rebuild cannot bring dist/ up to date.
 */
export function ensureCurrentBuild(): void {
  const { missing, outdated } = staleOutputs();
  if (missing.length === 0 && outdated.length === 0) return;
  // Incremental builds skip outputs they believe current, even deleted ones: start over then.
  if (missing.length > 0) rmSync(BUILD_INFO, { force: true });
  const changed = [...missing, ...outdated];
  console.log(`dist/ is older than ${changed.length} source file(s) (${changed.slice(0, 3).join(", ")}${changed.length > 3 ? ", ..." : ""}): rebuilding`);
  let compilerMessages = "";
  try {
    execFileSync(
      process.execPath,
      [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json", "--incremental", "--tsBuildInfoFile", BUILD_INFO],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
  } catch (error) {
    // Type errors still emit JavaScript (that is `npm run typecheck`'s business); only a build
    // that left dist/ behind src/ must stop the run.
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    compilerMessages = `${stdout?.toString() ?? ""}${stderr?.toString() ?? ""}`;
  }
  const after = staleOutputs();
  if (after.missing.length > 0) {
    throw new Error(`dist/ is stale and rebuilding it did not write ${after.missing.join(", ")}; tests that run the binary would run old code.\n${compilerMessages}`);
  }
  if (compilerMessages) console.warn(`dist/ rebuilt, with compiler errors:\n${compilerMessages}`);
  // tsc leaves an output alone when its source changed in time only (a checkout): mark it current,
  // or every run would rebuild again.
  const now = new Date();
  for (const source of after.outdated) utimesSync(outputOf(join(ROOT, source)), now, now);
}

/**
 * Before the suite: a current dist/, and in PostgreSQL mode an id for this run that worker threads
 * and the processes tests start inherit. After it: every schema the run's tests created is dropped.
 */
export default function setup(): (() => Promise<void>) | undefined {
  ensureCurrentBuild();
  if (!usingPostgres) return undefined;
  const runId = newRunId();
  process.env[RUN_ID_VARIABLE] = runId;
  return () => dropSchemasOfRun(process.env.LEADPORT_DATABASE_URL!, runSchemaPrefix(runId));
}

async function dropSchemasOfRun(url: string, prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>("SELECT schema_name AS name FROM information_schema.schemata WHERE starts_with(schema_name, $1)", [prefix]);
    for (const { name } of rows) await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  } finally {
    await client.end();
  }
}
