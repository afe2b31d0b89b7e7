import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN } from "../support/cli.js";

describe("leadport serve as a process", () => {
  it("prints the first key and a working curl line, serves it, and stops on SIGTERM", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "leadport-serve-"));
    const child = spawn(process.execPath, [BIN, "serve", "--port", "0"], { env: { ...process.env, LEADPORT_DATA_DIR: dataDir } });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server did not start:\n${stdout}`)), 20_000);
        child.stdout.on("data", () => {
          if (stdout.includes("Leadport listening on")) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const url = stdout.match(/listening on (http:\/\/\S+)/)?.[1];
      const key = stdout.match(/lp_live_[\w-]+/)?.[0];
      const body = stdout.match(/-d '(.*)'/)?.[1];
      const response = await fetch(`${url}/api/v1/inquiries`, {
        method: "POST",
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
        body,
      });
      expect(response.status).toBe(201);
      const exit = new Promise<number | null>((resolve) => child.on("close", resolve));
      child.kill("SIGTERM");
      expect(await exit).toBe(0);
    } finally {
      child.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
