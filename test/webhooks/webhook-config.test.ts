import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/hosts/cli.js";
import { readWebhookConfig } from "../../src/hosts/modules/webhooks/webhook-config.js";

describe("the webhook settings", () => {
  it("default to a day of retries, three days before switching off, public targets only", () => {
    const config = readWebhookConfig({});
    expect(config.settings.retry.windowMs).toBe(24 * 3_600_000);
    expect(config.settings.disableAfterMs).toBe(72 * 3_600_000);
    expect(config.settings.targets.allowPrivate).toBe(false);
    expect(config.settings.leaseMs).toBeGreaterThan(config.timeoutMs);
  });

  it.each([
    ["LEADPORT_WEBHOOK_RETRY_HOURS", "5"],
    ["LEADPORT_WEBHOOK_TIMEOUT_MS", "soon"],
    ["LEADPORT_WEBHOOK_ALLOW_PRIVATE_TARGETS", "maybe"],
    ["LEADPORT_WEBHOOK_DISABLE_AFTER_HOURS", "0"],
  ])("refuses %s=%s naming the variable, and the CLI stops with exit code 2", async (name, value) => {
    expect(() => readWebhookConfig({ [name]: value })).toThrow(name);
    const dir = mkdtempSync(join(tmpdir(), "leadport-webhook-config-"));
    try {
      const err: string[] = [];
      const code = await runCli(["--db", join(dir, "leadport.db"), "webhooks", "list"], { out: () => undefined, err: (t) => err.push(t), env: { [name]: value } });
      expect(code).toBe(2);
      expect(err.join("")).toContain(name);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
