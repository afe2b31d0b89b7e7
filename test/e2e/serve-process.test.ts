import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, spawnLeadport } from "../support/cli.js";
import { eventually } from "../support/smtp-sink.js";
import { cliEnvironment } from "../support/test-database.js";

describe("leadport serve as a process", () => {
  it("prints the first key and a working curl line, serves it, notifies staff added beside it, and stops on SIGTERM", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "leadport-serve-"));
    const child = spawn(process.execPath, [BIN, "serve", "--port", "0"], { env: cliEnvironment([], { LEADPORT_DATA_DIR: dataDir }) });
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

      // The banner's next step, with nothing configured: add yourself as staff from a second
      // process beside the running server, post a web order, find the German mail as .eml.
      const staffLine = stdout.match(/npx leadport (staff add .*)$/m)?.[1];
      expect(staffLine).toBeDefined();
      const added = await spawnLeadport(["staff", "add", "--email", "meister@dachdecker.example", "--name", "Meister Schulz"], {
        LEADPORT_DATA_DIR: dataDir,
      });
      expect(added.code).toBe(0);
      const order = await fetch(`${url}/api/v1/lead.php`, {
        method: "POST",
        headers: { "X-API-KEY": key!, "Content-Type": "application/json" },
        body: JSON.stringify({ type: "order", email: "kunde@example.org", total: 49.9 }),
      });
      expect(await order.json()).toEqual({ status: "success", message: "Daten verarbeitet", type: "order" });
      const mailDir = join(dataDir, "mail");
      const mails = await eventually(() => {
        try {
          const files = readdirSync(mailDir).filter((name) => name.endsWith(".eml"));
          return files.length > 0 ? files : null;
        } catch {
          return null;
        }
      }, "the order notification as .eml");
      const eml = readFileSync(join(mailDir, mails[0]!), "utf8");
      expect(eml).toMatch(/^To: Meister Schulz <meister@dachdecker\.example>$/m);
      expect(eml).toContain("49,90 =E2=82=AC");

      const exit = new Promise<number | null>((resolve) => child.on("close", resolve));
      child.kill("SIGTERM");
      expect(await exit).toBe(0);
    } finally {
      child.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
