import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PagePosition } from "../../src/application/ports/pagination.js";
import type { InquiryQuery, InquirySort } from "../../src/application/ports/repositories.js";
import type { UnitOfWork, WorkspaceTransaction } from "../../src/application/ports/unit-of-work.js";
import type { Inquiry } from "../../src/domain/inquiry/inquiry.js";
import { ok } from "../../src/domain/shared/result.js";
import type { Workspace } from "../../src/domain/workspace/workspace.js";
import { aCustomer, anInquiry } from "../support/fixtures.js";
import { openWithTwoWorkspaces, type ContractSubject } from "./unit-of-work.contract.js";

const SORTS: readonly InquirySort[] = (["createdAt", "leadScore", "followUpDate"] as const).flatMap((by) => [
  { by, descending: false },
  { by, descending: true },
]);

/** The order every adapter must give: key in the sort's direction, nulls last, ties by id alike. */
function expectedOrder(inquiries: readonly Inquiry[], sort: InquirySort): string[] {
  const key = (i: Inquiry) => (sort.by === "leadScore" ? i.leadScore : sort.by === "followUpDate" ? i.followUpDate : i.createdAt);
  const sign = sort.descending ? -1 : 1;
  return [...inquiries]
    .sort((a, b) => {
      const [ka, kb] = [key(a), key(b)];
      if (ka === null && kb !== null) return 1;
      if (kb === null && ka !== null) return -1;
      if (ka !== kb && ka !== null && kb !== null) return (ka < kb ? -1 : 1) * sign;
      return (a.id < b.id ? -1 : 1) * sign;
    })
    .map((i) => i.id);
}

/** Sorting, filtering, counting and paging inquiries: the same answers from every adapter. */
export function describeInquiryListingContract(adapter: string, makeSubject: () => Promise<ContractSubject>): void {
  describe(`${adapter} inquiry listing contract`, () => {
    let subject: ContractSubject;
    let uow: UnitOfWork;
    let mine: Workspace;
    let theirs: Workspace;

    const inWorkspace = async <T>(workspace: Workspace, work: (tx: WorkspaceTransaction) => Promise<T>): Promise<T> => {
      const result = await uow.run(workspace.id, async (tx) => ok(await work(tx)));
      if (!result.ok) throw new Error("unexpected failure");
      return result.value;
    };
    const inMine = <T>(work: (tx: WorkspaceTransaction) => Promise<T>) => inWorkspace(mine, work);

    async function store(workspace: Workspace, facts: ReadonlyArray<Partial<Inquiry>>): Promise<Inquiry[]> {
      const customer = aCustomer(workspace.id);
      const stored = facts.map((fields, n) => anInquiry(workspace.id, customer.id, fields, n % 5));
      await inWorkspace(workspace, async (tx) => {
        await tx.customers.insert(customer);
        for (const inquiry of stored) await tx.inquiries.insert(inquiry);
      });
      return stored;
    }

    /** Every page of a listing, following the positions the adapter hands out. */
    async function allPages(query: InquiryQuery, limit: number): Promise<string[]> {
      const ids: string[] = [];
      let after: PagePosition | null = null;
      for (let pages = 0; pages < 100; pages++) {
        const page = await inMine((tx) => tx.inquiries.list(query, { limit, after }));
        ids.push(...page.items.map((i) => i.id));
        if (!page.next) return ids;
        after = page.next;
      }
      throw new Error("paging does not end");
    }

    beforeEach(async () => {
      ({ subject, uow, mine, theirs } = await openWithTwoWorkspaces(makeSubject));
    });

    afterEach(async () => {
      await subject.close();
    });

    it("pages through every sort order without skipping or repeating, nulls last, ties by id", async () => {
      const scores = [48, 10, 48, 90, 0, 48, 75];
      const dates = ["2026-12-03", null, "2026-12-01", null, "2026-12-03", "2026-11-30", null];
      const stored = await store(mine, scores.map((leadScore, n) => ({ leadScore, followUpDate: dates[n] ?? null })));
      for (const sort of SORTS) {
        for (const limit of [1, 2, 3, 10]) {
          expect(await allPages({ sort }, limit), `${sort.descending ? "-" : ""}${sort.by} by ${limit}`).toEqual(expectedOrder(stored, sort));
        }
      }
    });

    it("keeps any mix of scores and dates in order across pages of any size", async () => {
      const facts = fc.array(
        fc.record({
          leadScore: fc.integer({ min: 0, max: 5 }),
          followUpDate: fc.option(fc.constantFrom("2026-12-01", "2026-12-02", "2026-12-03"), { nil: null }),
        }),
        { maxLength: 12 },
      );
      await fc.assert(
        fc.asyncProperty(facts, fc.constantFrom(...SORTS), fc.integer({ min: 1, max: 5 }), async (rows, sort, limit) => {
          await inMine(async (tx) => {
            for (const old of (await tx.inquiries.list({}, { limit: 200, after: null })).items) await tx.inquiries.delete(old.id);
          });
          const stored = await store(mine, rows);
          expect(await allPages({ sort }, limit)).toEqual(expectedOrder(stored, sort));
        }),
        { numRuns: 25 },
      );
    });

    it("filters by minimum score and by follow-up date range, and counts what matches", async () => {
      const stored = await store(mine, [
        { leadScore: 30, followUpDate: "2026-11-30" },
        { leadScore: 60, followUpDate: "2026-12-01" },
        { leadScore: 61, followUpDate: null },
        { leadScore: 90, followUpDate: "2026-12-02" },
      ]);
      await store(theirs, [{ leadScore: 99, followUpDate: "2026-12-01" }]);
      const ids = async (query: InquiryQuery) => (await inMine((tx) => tx.inquiries.list(query, { limit: 50, after: null }))).items.map((i) => i.id).sort();
      const count = (query: InquiryQuery) => inMine((tx) => tx.inquiries.count(query));
      const [low, mid, noDate, high] = stored.map((i) => i.id);

      expect(await ids({ minScore: 60 })).toEqual([mid, noDate, high].sort());
      expect(await ids({ followUpFrom: "2026-12-01", followUpBefore: "2026-12-02" })).toEqual([mid]);
      expect(await ids({ followUpBefore: "2026-12-01" })).toEqual([low]);
      expect(await count({})).toBe(4);
      expect(await count({ minScore: 61 })).toBe(2);
      expect(await count({ minScore: 61, sort: { by: "leadScore", descending: true } })).toBe(2);
      expect(await count({ followUpBefore: "2026-12-03", minScore: 60 })).toBe(2);
      expect(await count({ text: "nothing like this" })).toBe(0);
    });

    it("sorts by a score that changed after an update", async () => {
      const [first, second] = await store(mine, [{ leadScore: 20 }, { leadScore: 40 }]);
      await inMine((tx) => tx.inquiries.update({ ...first!, leadScore: 80, followUpDate: "2027-01-01" }));
      const page = await inMine((tx) => tx.inquiries.list({ sort: { by: "leadScore", descending: true } }, { limit: 10, after: null }));
      expect(page.items.map((i) => i.id)).toEqual([first!.id, second!.id]);
      expect(await inMine((tx) => tx.inquiries.count({ followUpFrom: "2027-01-01" }))).toBe(1);
    });

    it("filters by held for review, in every sort order, counts them, and follows a release", async () => {
      const [normal, held, heldToo] = await store(mine, [{ leadScore: 50 }, { holdReasons: ["honeypot"] }, { holdReasons: ["too_fast", "pattern"] }]);
      await store(theirs, [{ holdReasons: ["honeypot"] }]);
      const ids = async (query: InquiryQuery) => (await inMine((tx) => tx.inquiries.list(query, { limit: 50, after: null }))).items.map((i) => i.id).sort();
      expect(await ids({ held: true })).toEqual([held!.id, heldToo!.id].sort());
      expect(await ids({ held: true, sort: { by: "leadScore", descending: true } })).toEqual([held!.id, heldToo!.id].sort());
      expect(await ids({ held: false })).toEqual([normal!.id]);
      expect(await ids({})).toEqual([normal!.id, held!.id, heldToo!.id].sort());
      expect(await inMine((tx) => tx.inquiries.count({ held: true }))).toBe(2);
      expect(await inMine((tx) => tx.inquiries.count({ held: false }))).toBe(1);
      await inMine((tx) => tx.inquiries.update({ ...held!, holdReasons: [] }));
      expect(await ids({ held: true })).toEqual([heldToo!.id]);
      expect((await inMine((tx) => tx.inquiries.findById(heldToo!.id)))?.holdReasons).toEqual(["too_fast", "pattern"]);
    });
  });
}
