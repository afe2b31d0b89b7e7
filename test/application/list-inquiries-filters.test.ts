import { beforeEach, describe, expect, it } from "vitest";
import { CreateInquiry } from "../../src/application/inquiries/create-inquiry.js";
import { ListInquiries } from "../../src/application/inquiries/list-inquiries.js";
import { CreateWorkspace } from "../../src/application/workspaces/create-workspace.js";
import { MemoryUnitOfWork } from "../../src/adapters/memory/memory-unit-of-work.js";
import { ManualClock } from "../../src/adapters/system/system-clock.js";
import { UuidV7Ids } from "../../src/adapters/system/uuid-v7-ids.js";
import { calendarDateIn } from "../../src/domain/shared/time-zone.js";

const must = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
};

describe("listing inquiries by follow-up, score and with a total", () => {
  const clock = new ManualClock();
  let create: CreateInquiry;
  let list: ListInquiries;
  let ws: string;

  beforeEach(async () => {
    const uow = new MemoryUnitOfWork();
    const ids = new UuidV7Ids();
    create = new CreateInquiry(uow, clock, ids);
    list = new ListInquiries(uow, clock);
    ws = must(await new CreateWorkspace(uow, clock, ids).execute("handwerk")).id;
    for (const [title, followUpDate] of [["gestern", "2026-11-30"], ["heute", "2026-12-01"], ["morgen", "2026-12-02"], ["offen", null]] as const) {
      must(await create.execute(ws, { title, contact: { name: "Otto" }, followUpDate }));
    }
  });

  const titles = async (query: Record<string, string>) => must(await list.execute(ws, query)).items.map((i) => i.title).sort();

  it("takes the day from the workspace's time zone: 23:30 UTC on 30 November is already 1 December in Berlin", async () => {
    clock.set(new Date("2026-11-30T23:30:00Z"));
    expect(calendarDateIn(clock.now(), "Europe/Berlin")).toBe("2026-12-01");
    expect(await titles({ followUpDue: "today" })).toEqual(["heute"]);
    expect(await titles({ followUpDue: "overdue" })).toEqual(["gestern"]);
  });

  it("moves 'today' on at midnight Berlin time, not at midnight UTC", async () => {
    clock.set(new Date("2026-12-01T22:59:00Z"));
    expect(await titles({ followUpDue: "today" })).toEqual(["heute"]);
    clock.set(new Date("2026-12-01T23:01:00Z"));
    expect(await titles({ followUpDue: "today" })).toEqual(["morgen"]);
    expect(await titles({ followUpDue: "overdue" })).toEqual(["gestern", "heute"]);
  });

  it("counts every match on all pages, whatever the page size", async () => {
    const page = must(await list.execute(ws, { limit: 1, sort: "followUpDate" }));
    expect(page.items.map((i) => i.title)).toEqual(["gestern"]);
    expect(page.total).toBe(4);
    clock.set(new Date("2026-12-02T10:00:00Z"));
    const overdue = must(await list.execute(ws, { followUpDue: "overdue", limit: 1 }));
    expect([overdue.items.length, overdue.total, overdue.nextCursor === null]).toEqual([1, 2, false]);
  });

  it("refuses a cursor of another sort order, unknown sorts and scores outside 0..100, naming the field", async () => {
    const page = must(await list.execute(ws, { limit: 1, sort: "-leadScore" }));
    const mixed = await list.execute(ws, { limit: 1, sort: "followUpDate", cursor: page.nextCursor ?? "" });
    expect(mixed.ok).toBe(false);
    if (!mixed.ok) expect(mixed.error.issues?.[0]?.path).toBe("cursor");
    for (const [query, path] of [[{ sort: "score" }, "sort"], [{ minScore: "101" }, "minScore"], [{ followUpDue: "tomorrow" }, "followUpDue"]] as const) {
      const result = await list.execute(ws, query as never);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.issues?.[0]?.path).toBe(path);
    }
  });

  it("follows the cursor of a score-sorted list to the end", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = must(await list.execute(ws, { limit: 3, sort: "-leadScore", ...(cursor ? { cursor } : {}) }));
      seen.push(...page.items.map((i) => i.title));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual(["gestern", "heute", "morgen", "offen"]);
  });
});
