import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { eventually } from "../support/smtp-sink.js";
import { usingPostgres } from "../support/test-database.js";

const modeOf = (path: string): string => (statSync(path).mode & 0o777).toString(8);

describe("files a running server writes hold personal data and are private to its user", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ LEADPORT_OUTBOX_POLL_MS: "100" });
    expect((await server.request("/api/v1/staff", { method: "POST", json: { email: "anna@example.org", name: "Anna Berger" } })).status).toBe(201);
    const inquiry = await (
      await server.request("/api/v1/inquiries", { method: "POST", json: { title: "Dachsanierung", contact: { name: "Max Mustermann", email: "max@example.org" } } })
    ).json();
    expect(inquiry.id).toBeDefined();
    const body = new FormData();
    body.append("file", new Blob(["Grundriss"]), "Grundriss.txt");
    const uploaded = await server.request(`/api/v1/inquiries/${inquiry.id}/attachments`, { method: "POST", body });
    expect(uploaded.status).toBe(201);
    const mail = join(server.dataDir, "mail");
    await eventually(() => existsSync(mail) && readdirSync(mail).some((name) => name.endsWith(".eml")), "a staff mail as .eml file");
  });

  afterAll(async () => {
    await server.stop();
  });

  it("creates the data directory 0700", () => {
    expect(modeOf(server.dataDir)).toBe("700");
  });

  // On PostgreSQL the server keeps no database file in the data directory.
  it.skipIf(usingPostgres)("creates the database and its WAL and shared-memory files 0600", () => {
    for (const name of ["leadport.db", "leadport.db-wal", "leadport.db-shm"]) expect(modeOf(join(server.dataDir, name)), name).toBe("600");
  });

  it("creates attachment directories 0700 and attachment files 0600", () => {
    const root = join(server.dataDir, "attachments");
    expect(modeOf(root)).toBe("700");
    const [workspaceDir] = readdirSync(root);
    expect(modeOf(join(root, workspaceDir!))).toBe("700");
    const files = readdirSync(join(root, workspaceDir!));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(modeOf(join(root, workspaceDir!, file)), file).toBe("600");
  });

  it("creates the mail directory 0700 and .eml files 0600", () => {
    const mail = join(server.dataDir, "mail");
    expect(modeOf(mail)).toBe("700");
    const emls = readdirSync(mail).filter((name) => name.endsWith(".eml"));
    expect(emls.length).toBeGreaterThan(0);
    for (const eml of emls) expect(modeOf(join(mail, eml)), eml).toBe("600");
  });
});
