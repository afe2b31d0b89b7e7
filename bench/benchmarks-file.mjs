import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BENCHMARKS = join(fileURLToPath(new URL("..", import.meta.url)), "BENCHMARKS.md");

/**
 * Replaces one benchmark's section of BENCHMARKS.md (between its `<!-- bench:NAME -->` markers),
 * or appends it, so each script rewrites its own figures and leaves the rest of the file alone.
 */
export function writeBenchmarkSection(name, section) {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${start}\n${section}${end}\n`;
  const text = existsSync(BENCHMARKS) ? readFileSync(BENCHMARKS, "utf8") : "# Benchmarks\n";
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  writeFileSync(BENCHMARKS, from >= 0 && to > from ? text.slice(0, from) + block + text.slice(to + end.length + 1) : `${text.trimEnd()}\n\n${block}`);
}
