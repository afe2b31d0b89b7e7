import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The README's library example, exactly as printed. */
function readmeExample(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const match = readme.match(/<!-- readme-library-example[^>]*-->\s*```js\n([\s\S]*?)```/);
  if (!match?.[1]) throw new Error("README library example not found");
  return match[1];
}

describe("the README's library example", () => {
  it("runs as printed against the built package and prints what its comments promise", async () => {
    const dir = join(ROOT, "test/.tmp");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "readme-example.mjs");
    writeFileSync(file, readmeExample());
    // Inside the package, `import "leadport"` resolves through package.json "exports" to dist/.
    const { stdout } = await promisify(execFile)(process.execPath, [file], { cwd: ROOT });
    const [scoreLine, matchLine, countLine] = stdout.trim().split("\n");
    expect(scoreLine).toMatch(/^\d+ created$/);
    expect(matchLine).toBe("email");
    expect(countLine).toBe("1");
  });
});
