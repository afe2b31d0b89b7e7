import { describe, expect, it } from "vitest";
import { exceedsBulkLimit } from "../../src/application/shared/bulk-limits.js";
import { createLeadport } from "../../src/hosts/library.js";

describe("the bulk limit", () => {
  it("lets a list up to the limit through", () => {
    expect(exceedsBulkLimit("participants", 0, { maxItems: 2 })).toBeNull();
    expect(exceedsBulkLimit("participants", 2, { maxItems: 2 })).toBeNull();
  });

  it("refuses a longer list naming the list, the limit and the count", () => {
    expect(exceedsBulkLimit("participants", 3, { maxItems: 2 })).toEqual({
      code: "too_many_items",
      message: "participants names 3 items; at most 2 are accepted at once (LEADPORT_MAX_BULK_ITEMS)",
      issues: [{ path: "participants", message: "names 3 items; at most 2 are accepted at once (LEADPORT_MAX_BULK_ITEMS)" }],
      quota: { limit: 2, count: 3 },
    });
  });
});

describe("the bulk limit in the library", () => {
  it("refuses a merge naming more customers than maxBulkItems, moving nothing", async () => {
    const lp = await createLeadport({ database: "memory", maxBulkItems: 1 });
    try {
      const ids: string[] = [];
      for (const email of ["a@example.org", "b@example.org", "c@example.org"]) {
        const created = await lp.inquiries.create({ title: "Bad", contact: { name: "Kunde", email } });
        if (!created.ok) throw new Error(created.error.message);
        ids.push(created.value.inquiry.customerId!);
      }
      const refused = await lp.customers.merge(ids[0]!, ids.slice(1));
      expect(refused).toMatchObject({ ok: false, error: { code: "too_many_items", quota: { limit: 1, count: 2 } } });
      const listed = await lp.customers.list();
      expect(listed.ok && listed.value.items).toHaveLength(3);
    } finally {
      await lp.close();
    }
  });
});
