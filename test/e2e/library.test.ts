import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createLeadport } from "../../src/hosts/library.js";

describe("the library host", () => {
  it("keeps data in a database file across instances", async () => {
    const dir = mkdtempSync(join(tmpdir(), "leadport-lib-"));
    const database = join(dir, "lib.db");
    try {
      const first = await createLeadport({ database });
      const created = await first.inquiries.create({ contact: { email: "kunde@example.org" }, expectedValue: 100 });
      expect(created.ok).toBe(true);
      await first.close();

      const second = await createLeadport({ database });
      const listed = await second.inquiries.list();
      expect(listed.ok && listed.value.items.map((i) => i.contact.email)).toEqual(["kunde@example.org"]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("separates workspaces and reports validation failures as values", async () => {
    const lp = await createLeadport({ database: "memory" });
    const other = await lp.forWorkspace("filiale-nord");
    const created = await lp.inquiries.create({ contact: { email: "a@example.org" } });
    if (!created.ok) throw new Error(created.error.message);
    expect(await other.inquiries.get(created.value.inquiry.id)).toMatchObject({ ok: false, error: { code: "not_found" } });
    const invalid = await lp.inquiries.create({ contact: { email: "a@example.org" }, probability: 150 });
    expect(invalid).toMatchObject({ ok: false, error: { code: "validation_failed", issues: [{ path: "probability" }] } });
    const names = await lp.workspaces.list();
    expect(names.ok && names.value.map((w) => w.name).sort()).toEqual(["default", "filiale-nord"]);
    await lp.close();
  });
});
