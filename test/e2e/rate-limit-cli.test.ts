import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../../src/hosts/cli/exit-codes.js";
import { runLeadport } from "../support/cli.js";
import { startTestServer } from "../support/server.js";

describe("leadport workspaces rate-limit | set-rate-limit (real binary)", () => {
  let dataDir: string;
  const cli = (...args: string[]) => runLeadport(args, { LEADPORT_DATA_DIR: dataDir });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "leadport-rate-cli-"));
    expect((await cli("workspaces", "create", "agentur")).code).toBe(0);
    expect((await cli("workspaces", "create", "klein")).code).toBe(0);
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("sets, shows and lists a workspace's own figure, and returns to the server default", async () => {
    const set = await cli("workspaces", "set-rate-limit", "agentur", "6000/m");
    expect(set.code, set.stderr).toBe(EXIT.ok);
    expect(set.stdout).toContain("API rate limit per key of workspace agentur: 6000/m");

    expect(JSON.parse((await cli("workspaces", "rate-limit", "agentur", "--json")).stdout)).toEqual({ perKey: "6000/m" });
    expect((await cli("workspaces", "rate-limit", "klein")).stdout).toContain("the server default");

    const listed = JSON.parse((await cli("workspaces", "list", "--json")).stdout) as Array<{ name: string; apiRatePerKey: string | null }>;
    expect(listed.find((w) => w.name === "agentur")?.apiRatePerKey).toBe("6000/m");
    expect(listed.find((w) => w.name === "klein")?.apiRatePerKey).toBeNull();
    expect((await cli("workspaces", "list")).stdout).toMatch(/agentur .* api rate per key 6000\/m/);

    expect((await cli("workspaces", "set-rate-limit", "agentur", "default")).code).toBe(EXIT.ok);
    expect(JSON.parse((await cli("workspaces", "rate-limit", "agentur", "--json")).stdout)).toEqual({ perKey: null });
  });

  it("refuses a bad figure as bad usage and changes nothing", async () => {
    expect((await cli("workspaces", "set-rate-limit", "klein", "300/m")).code).toBe(EXIT.ok);
    for (const rate of ["viel", "0/m", "10/2d", "999999/s"]) {
      const refused = await cli("workspaces", "set-rate-limit", "klein", rate);
      expect(refused.code, rate).toBe(EXIT.usage);
      expect(refused.stderr).toContain("<rate>");
    }
    expect(JSON.parse((await cli("workspaces", "rate-limit", "klein", "--json")).stdout)).toEqual({ perKey: "300/m" });
    expect((await cli("workspaces", "set-rate-limit", "nirgendwo", "300/m")).code).toBe(EXIT.failed);
  });

  it("reaches a running server within seconds", async () => {
    const server = await startTestServer({ LEADPORT_API_RATE_PER_KEY: "100/m" });
    try {
      const limitOf = async () => (await server.request("/api/v1/inquiries")).headers.get("ratelimit-limit");
      expect(await limitOf()).toBe("100");
      const set = await runLeadport(["workspaces", "set-rate-limit", "default", "50/m"], { LEADPORT_DATA_DIR: server.dataDir });
      expect(set.code, set.stderr).toBe(EXIT.ok);
      const started = Date.now();
      let limit = await limitOf();
      while (limit !== "50" && Date.now() - started < 8000) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        limit = await limitOf();
      }
      expect(limit).toBe("50");
    } finally {
      await server.stop();
    }
  }, 20_000);
});
