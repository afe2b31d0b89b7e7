import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLeadport } from "../../src/hosts/library.js";
import { runLeadport } from "../support/cli.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { libraryDatabase } from "../support/test-database.js";

describe("bulk limits (LEADPORT_MAX_BULK_ITEMS)", () => {
  let server: TestServer | undefined;

  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  async function customerIds(count: number): Promise<string[]> {
    const ids = [];
    for (let i = 0; i < count; i += 1) {
      const created = await server!.request("/api/v1/inquiries", { method: "POST", json: { contact: { name: `Kunde ${i}`, email: `kunde${i}@example.org` } } });
      expect(created.status).toBe(201);
      ids.push((await created.json()).customerId as string);
    }
    return ids;
  }

  it("refuses a merge naming more customers than allowed with 413 naming the limit and the count, and moves nothing", async () => {
    server = await startTestServer({ LEADPORT_MAX_BULK_ITEMS: "3" });
    const [keep, ...others] = await customerIds(5);

    const refused = await server.request(`/api/v1/customers/${keep}/merge`, { method: "POST", json: { from: others } });
    expect(refused.status).toBe(413);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    const problem = await refused.json();
    expect(problem).toMatchObject({ status: 413, code: "too_many_items", type: "/docs/problems#too_many_items", limit: 3, count: 4 });
    expect(problem.errors).toEqual([expect.objectContaining({ path: "from" })]);
    expect(problem.detail).toContain("at most 3");

    // Nothing moved: every customer is still there with its own inquiry.
    for (const id of [keep, ...others]) {
      const customer = await server.request(`/api/v1/customers/${id}`);
      expect(customer.status).toBe(200);
      expect((await customer.json()).inquiries).toHaveLength(1);
    }

    // At the limit the merge goes through.
    const merged = await server.request(`/api/v1/customers/${keep}/merge`, { method: "POST", json: { from: others.slice(0, 3) } });
    expect(merged.status).toBe(200);
    expect((await merged.json()).inquiries).toHaveLength(4);
  });

  it("lists the code in the error catalog", async () => {
    server = await startTestServer();
    const page = await (await fetch(`${server.url}/docs/problems`)).text();
    expect(page).toContain('id="too_many_items"');
  });
});

describe("bulk limits on the command line", () => {
  it("refuses `customers merge` with more sources than allowed as bad usage, merging nothing", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "leadport-bulk-cli-"));
    try {
      const lp = await createLeadport({ ...libraryDatabase(join(dataDir, "leadport.db")), mail: { directory: join(dataDir, "mail") } });
      const ids: string[] = [];
      for (let i = 0; i < 4; i += 1) {
        const created = await lp.inquiries.create({ title: "Dach", contact: { name: `Kunde ${i}`, email: `kunde${i}@example.org` } });
        if (!created.ok) throw new Error(created.error.message);
        ids.push(created.value.inquiry.customerId!);
      }
      await lp.close();
      const [keep, ...others] = ids as [string, ...string[]];
      const env = { LEADPORT_DATA_DIR: dataDir, LEADPORT_MAX_BULK_ITEMS: "2" };
      const refused = await runLeadport(["customers", "merge", keep, ...others], env);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain("from names 3 items; at most 2");
      const listed = JSON.parse((await runLeadport(["customers", "list", "--json"], env)).stdout) as { items: unknown[] };
      expect(listed.items).toHaveLength(4);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 20_000);
});
