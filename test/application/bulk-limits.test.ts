import { describe, expect, it } from "vitest";
import { exceedsBulkLimit } from "../../src/application/shared/bulk-limits.js";

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
