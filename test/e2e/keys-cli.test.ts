import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLeadport } from "../support/cli.js";
import { startTestServer, type TestServer } from "../support/server.js";

describe("keys on the command line", () => {
  let server: TestServer;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    server = await startTestServer();
    env = { LEADPORT_DATA_DIR: server.dataDir };
  });

  afterAll(async () => {
    await server.stop();
  });

  it("refuses a publishable key without an origin, naming the option's field", async () => {
    const run = await runLeadport(["keys", "create", "--name", "Website", "--publishable"], env);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("at least one allowed origin");
    const keys = JSON.parse((await runLeadport(["keys", "list", "--json"], env)).stdout) as Array<{ kind: string }>;
    expect(keys.filter((key) => key.kind === "publishable")).toHaveLength(0);
  }, 60_000);

  it("lists workspace, kind, origins and last use, and edits a publishable key's origins", async () => {
    const created = await runLeadport(["keys", "create", "--name", "Website", "--publishable", "--origin", "https://a.example"], env);
    expect(created.code, created.stderr).toBe(0);
    expect((await server.request("/api/v1/inquiries")).status).toBe(200);

    const list = await runLeadport(["keys", "list"], env);
    const lines = list.stdout.trim().split("\n");
    const secret = lines.find((line) => line.includes(" secret "))!;
    expect(secret).toContain("workspace default");
    expect(secret).toMatch(/last used \d{4}-\d\d-\d\dT/);
    const publishable = lines.find((line) => line.includes(" publishable "))!;
    expect(publishable).toContain("origins https://a.example");
    expect(publishable).toContain("last used never");

    const id = publishable.split(" ")[0]!;
    const changed = await runLeadport(["keys", "set-origins", id, "https://b.example", "https://c.example/kontakt"], env);
    expect(changed.code, changed.stderr).toBe(0);
    const json = JSON.parse((await runLeadport(["keys", "list", "--json"], env)).stdout) as Array<{ id: string; allowedOrigins: string[]; workspace: string }>;
    expect(json.find((key) => key.id === id)).toMatchObject({ allowedOrigins: ["https://b.example", "https://c.example"], workspace: "default" });

    const emptied = await runLeadport(["keys", "set-origins", id, "not a url"], env);
    expect(emptied.code).toBe(2);
    const secretId = secret.split(" ")[0]!;
    const onSecret = await runLeadport(["keys", "set-origins", secretId, "https://b.example"], env);
    expect(onSecret.code).toBe(2);
    expect(onSecret.stderr).toContain("only publishable keys");
  }, 120_000);
});
