import { describe, expect, it, beforeEach, afterEach } from "vitest";
import type { Page, PagePosition } from "../../src/application/ports/pagination.js";
import type { Inquiry } from "../../src/domain/inquiry/inquiry.js";
import type { UnitOfWork, WorkspaceTransaction } from "../../src/application/ports/unit-of-work.js";
import { err, ok } from "../../src/domain/shared/result.js";
import type { Workspace } from "../../src/domain/workspace/workspace.js";
import { aCustomer, anApiKey, anInquiry, aStatus, aWorkspace, at } from "../support/fixtures.js";

export interface ContractSubject {
  readonly uow: UnitOfWork;
  close(): Promise<void> | void;
}

/**
 * What every storage adapter must do, whatever the technology: memory, SQLite and, later,
 * PostgreSQL run this same suite.
 */
/** Opens a fresh adapter holding two workspaces: "mine" to work in, "theirs" to prove isolation. */
export async function openWithTwoWorkspaces(makeSubject: () => Promise<ContractSubject>) {
  const subject = await makeSubject();
  const mine = aWorkspace("mine");
  const theirs = aWorkspace("theirs");
  await subject.uow.runSystem(async (tx) => {
    await tx.workspaces.insert(mine);
    await tx.workspaces.insert(theirs);
    return ok(undefined);
  });
  return { subject, uow: subject.uow, mine, theirs };
}

export function describeUnitOfWorkContract(adapter: string, makeSubject: () => Promise<ContractSubject>): void {
  describe(`${adapter} storage contract`, () => {
    let subject: ContractSubject;
    let uow: UnitOfWork;
    let mine: Workspace;
    let theirs: Workspace;

    const inMine = <T>(work: (tx: WorkspaceTransaction) => Promise<T>) => uow.run(mine.id, async (tx) => ok(await work(tx)));
    const value = async <T>(promise: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>): Promise<T> => {
      const result = await promise;
      if (!result.ok) throw new Error("unexpected failure");
      return result.value;
    };

    beforeEach(async () => {
      ({ subject, uow, mine, theirs } = await openWithTwoWorkspaces(makeSubject));
    });

    afterEach(async () => {
      await subject.close();
    });

    describe("workspaces", () => {
      it("finds workspaces by id and by name and lists them oldest first", async () => {
        const [byId, byName, all] = await value(
          uow.runSystem(async (tx) =>
            ok([await tx.workspaces.findById(mine.id), await tx.workspaces.findByName("theirs"), await tx.workspaces.list()] as const),
          ),
        );
        expect(byId).toEqual(mine);
        expect(byName).toEqual(theirs);
        expect(all.map((w) => w.name)).toEqual(["mine", "theirs"]);
      });

      it("shows a workspace transaction only its own workspace", async () => {
        expect(await value(inMine((tx) => tx.workspaces.findById(theirs.id)))).toBeNull();
        expect(await value(inMine((tx) => tx.workspaces.findById(mine.id)))).toEqual(mine);
      });
    });

    describe("customers", () => {
      it("stores a customer and finds it by id, e-mail key and name key", async () => {
        const customer = aCustomer(mine.id, { email: "Max@Example.org" });
        await inMine((tx) => tx.customers.insert(customer));
        const [byId, byEmail, byName] = await value(
          inMine(async (tx) => [
            await tx.customers.findById(customer.id),
            await tx.customers.findByEmailKey("max@example.org"),
            await tx.customers.findByNameKey("max mustermann", { compatibleWithEmailKey: null, limit: 2 }),
          ] as const),
        );
        expect(byId).toEqual(customer);
        expect(byEmail).toEqual(customer);
        expect(byName).toEqual([customer]);
      });

      it("finds nothing by an id or key holding a NUL character (a request can carry one: /customers/%00)", async () => {
        const customer = aCustomer(mine.id, { email: "max@example.org" });
        await inMine((tx) => tx.customers.insert(customer));
        const found = await value(
          inMine(async (tx) => [await tx.customers.findById(`${customer.id}\0`), await tx.customers.findById("\0"), await tx.customers.findByEmailKey("max@example.org\0")] as const),
        );
        expect(found).toEqual([null, null, null]);
      });

      it("finds at most the asked number of namesakes an e-mail could belong to, oldest first", async () => {
        const withoutEmail = aCustomer(mine.id, { firstName: "Max", lastName: "Mustermann", email: null }, 1);
        const otherEmail = aCustomer(mine.id, { firstName: "Max", lastName: "Mustermann", email: "other@example.org" }, 2);
        const sameEmail = aCustomer(mine.id, { firstName: "Max", lastName: "Mustermann", email: "max@example.org" }, 3);
        const laterWithout = aCustomer(mine.id, { firstName: "Max", lastName: "Mustermann", email: null }, 4);
        await inMine(async (tx) => {
          for (const customer of [withoutEmail, otherEmail, sameEmail, laterWithout]) await tx.customers.insert(customer);
        });
        const names = (emailKey: string | null, limit: number) =>
          value(inMine(async (tx) => (await tx.customers.findByNameKey("max mustermann", { compatibleWithEmailKey: emailKey, limit })).map((c) => c.id)));
        expect(await names("max@example.org", 10)).toEqual([withoutEmail.id, sameEmail.id, laterWithout.id]);
        expect(await names("max@example.org", 2)).toEqual([withoutEmail.id, sameEmail.id]);
        expect(await names(null, 10)).toEqual([withoutEmail.id, otherEmail.id, sameEmail.id, laterWithout.id]);
        expect(await names("nobody@example.org", 1)).toEqual([withoutEmail.id]);
      });

      it("never shows one workspace's customers to another", async () => {
        const customer = aCustomer(theirs.id);
        await uow.run(theirs.id, async (tx) => ok(await tx.customers.insert(customer)));
        const seen = await value(
          inMine(async (tx) => [
            await tx.customers.findById(customer.id),
            await tx.customers.findByEmailKey("max@example.org"),
            await tx.customers.findByNameKey("max mustermann", { compatibleWithEmailKey: null, limit: 2 }),
            (await tx.customers.list({}, { limit: 10, after: null })).items,
          ] as const),
        );
        expect(seen).toEqual([null, null, [], []]);
      });

      it("updates a customer in place", async () => {
        const customer = aCustomer(mine.id);
        await inMine((tx) => tx.customers.insert(customer));
        const changed = { ...customer, phone: "+49 511 123", updatedAt: at(30).toISOString() };
        await inMine((tx) => tx.customers.update(changed));
        expect(await value(inMine((tx) => tx.customers.findById(customer.id)))).toEqual(changed);
      });

      it("lists customers newest first, pages with a cursor and searches case-insensitively", async () => {
        const customers = [1, 2, 3].map((minute) => aCustomer(mine.id, { lastName: `Müller${minute}`, email: `m${minute}@example.org` }, minute));
        await inMine(async (tx) => {
          for (const c of customers) await tx.customers.insert(c);
        });
        const first = await value(inMine((tx) => tx.customers.list({}, { limit: 2, after: null })));
        expect(first.items.map((c) => c.lastName)).toEqual(["Müller3", "Müller2"]);
        expect(first.next).not.toBeNull();
        const second = await value(inMine((tx) => tx.customers.list({}, { limit: 2, after: first.next })));
        expect(second.items.map((c) => c.lastName)).toEqual(["Müller1"]);
        expect(second.next).toBeNull();
        const found = await value(inMine((tx) => tx.customers.list({ text: "MÜLLER2" }, { limit: 10, after: null })));
        expect(found.items.map((c) => c.lastName)).toEqual(["Müller2"]);
      });
    });

    describe("inquiries", () => {
      it("stores, finds, updates and deletes an inquiry", async () => {
        const customer = aCustomer(mine.id);
        const inquiry = anInquiry(mine.id, customer.id, { externalRef: "form-17", tags: ["Dach"] });
        await inMine(async (tx) => {
          await tx.customers.insert(customer);
          await tx.inquiries.insert(inquiry);
        });
        expect(await value(inMine((tx) => tx.inquiries.findById(inquiry.id)))).toEqual(inquiry);
        expect(await value(inMine((tx) => tx.inquiries.findByExternalRef("API", "form-17")))).toEqual(inquiry);
        expect(await value(inMine((tx) => tx.inquiries.findByExternalRef("Website", "form-17")))).toBeNull();
        const updated = { ...inquiry, title: "Neues Dach", status: "Gewonnen" };
        await inMine((tx) => tx.inquiries.update(updated));
        expect(await value(inMine((tx) => tx.inquiries.findById(inquiry.id)))).toEqual(updated);
        await inMine((tx) => tx.inquiries.delete(inquiry.id));
        expect(await value(inMine((tx) => tx.inquiries.findById(inquiry.id)))).toBeNull();
      });

      it("filters by status, source, assignee, tag, customer, text and creation time", async () => {
        const customer = aCustomer(mine.id);
        const other = aCustomer(mine.id, { email: "erika@example.org", firstName: "Erika" });
        const a = anInquiry(mine.id, customer.id, { status: "Neu", source: "Website", tags: ["Dach", "Solar"], assignee: "anna@firma.de" }, 5);
        const b = anInquiry(mine.id, other.id, { status: "Gewonnen", source: "API", notes: "Rückruf erbeten", title: "Heizung" }, 10);
        await inMine(async (tx) => {
          await tx.customers.insert(customer);
          await tx.customers.insert(other);
          await tx.inquiries.insert(a);
          await tx.inquiries.insert(b);
        });
        const ids = async (query: Parameters<WorkspaceTransaction["inquiries"]["list"]>[0]) =>
          (await value(inMine((tx) => tx.inquiries.list(query, { limit: 50, after: null })))).items.map((i) => i.id);
        expect(await ids({ status: "neu" })).toEqual([a.id]);
        expect(await ids({ source: "WEBSITE" })).toEqual([a.id]);
        expect(await ids({ assignee: "Anna@Firma.de" })).toEqual([a.id]);
        expect(await ids({ tag: "solar" })).toEqual([a.id]);
        expect(await ids({ customerId: other.id })).toEqual([b.id]);
        expect(await ids({ text: "RÜCKRUF" })).toEqual([b.id]);
        expect(await ids({ createdAfter: at(6).toISOString() })).toEqual([b.id]);
        expect(await ids({ createdBefore: at(6).toISOString() })).toEqual([a.id]);
        expect(await ids({})).toEqual([b.id, a.id]);
      });

      it("searches text with umlauts and accents folded as customer matching folds them", async () => {
        const customer = aCustomer(mine.id, { firstName: "Jürgen", lastName: "Müller", email: "jm@example.org" });
        const mueller = anInquiry(mine.id, customer.id, { title: "Dach", contact: { name: "Jürgen Müller", email: "jm@example.org", phone: null } }, 5);
        const rene = anInquiry(mine.id, customer.id, { title: "Heizung für René", notes: 'Kunde sagt "dringend"' }, 6);
        await inMine(async (tx) => {
          await tx.customers.insert(customer);
          await tx.inquiries.insert(mueller);
          await tx.inquiries.insert(rene);
        });
        const ids = async (text: string) => (await value(inMine((tx) => tx.inquiries.list({ text }, { limit: 50, after: null })))).items.map((i) => i.id);
        const customerNames = async (text: string) =>
          (await value(inMine((tx) => tx.customers.list({ text }, { limit: 50, after: null })))).items.map((c) => c.lastName);
        expect(await ids("mueller")).toEqual([mueller.id]);
        expect(await ids("MÜLLER")).toEqual([mueller.id]);
        expect(await ids("juergen mue")).toEqual([mueller.id]);
        expect(await ids("rene")).toEqual([rene.id]);
        expect(await ids('"dringend"')).toEqual([rene.id]);
        expect(await ids("dr")).toEqual([rene.id]);
        expect(await ids("ue")).toEqual([rene.id, mueller.id]);
        expect(await ids("müllerin")).toEqual([]);
        expect(await customerNames("juergen")).toEqual(["Müller"]);
        expect(await customerNames("jm@example.org")).toEqual(["Müller"]);
        expect(await inMine((tx) => tx.inquiries.count({ text: "mueller" }))).toEqual({ ok: true, value: 1 });
      });

      it("finds a changed text at once and forgets a deleted record in searches", async () => {
        const customer = aCustomer(mine.id, { lastName: "Schröder" });
        const inquiry = anInquiry(mine.id, customer.id, { title: "Solaranlage" });
        await inMine(async (tx) => {
          await tx.customers.insert(customer);
          await tx.inquiries.insert(inquiry);
        });
        const ids = async (text: string) => (await value(inMine((tx) => tx.inquiries.list({ text }, { limit: 50, after: null })))).items.map((i) => i.id);
        await inMine((tx) => tx.inquiries.update({ ...inquiry, title: "Wärmepumpe" }));
        expect(await ids("solar")).toEqual([]);
        expect(await ids("waerme")).toEqual([inquiry.id]);
        await inMine((tx) => tx.customers.update({ ...customer, lastName: "Schmidt" }));
        expect((await value(inMine((tx) => tx.customers.list({ text: "schroeder" }, { limit: 5, after: null })))).items).toEqual([]);
        await inMine((tx) => tx.inquiries.delete(inquiry.id));
        expect(await ids("waerme")).toEqual([]);
      });

      it("pages through inquiries created in the same instant without skipping or repeating", async () => {
        const customer = aCustomer(mine.id);
        const batch = Array.from({ length: 5 }, () => anInquiry(mine.id, customer.id, {}, 7));
        await inMine(async (tx) => {
          await tx.customers.insert(customer);
          for (const inquiry of batch) await tx.inquiries.insert(inquiry);
        });
        const seen: string[] = [];
        let after: PagePosition | null = null;
        do {
          const position: PagePosition | null = after;
          const page: Page<Inquiry> = await value(inMine((tx) => tx.inquiries.list({}, { limit: 2, after: position })));
          seen.push(...page.items.map((i) => i.id));
          after = page.next;
        } while (after);
        expect(seen.sort()).toEqual(batch.map((i) => i.id).sort());
      });

      it("hides another workspace's inquiries from reads, updates and deletes", async () => {
        const customer = aCustomer(theirs.id);
        const inquiry = anInquiry(theirs.id, customer.id);
        await uow.run(theirs.id, async (tx) => {
          await tx.customers.insert(customer);
          await tx.inquiries.insert(inquiry);
          return ok(undefined);
        });
        expect(await value(inMine((tx) => tx.inquiries.findById(inquiry.id)))).toBeNull();
        await inMine(async (tx) => {
          await tx.inquiries.update({ ...inquiry, workspaceId: mine.id, title: "hijacked" });
          await tx.inquiries.delete(inquiry.id);
        });
        const stillThere = await value(uow.run(theirs.id, async (tx) => ok(await tx.inquiries.findById(inquiry.id))));
        expect(stillThere?.title).toBe("Dachsanierung");
      });
    });

    describe("catalog", () => {
      it("finds entries by kind and key and lists them in creation order", async () => {
        const neu = aStatus(mine.id, "Neu");
        const won = aStatus(mine.id, "Gewonnen");
        await inMine(async (tx) => {
          await tx.catalog.insert(neu);
          await tx.catalog.insert(won);
        });
        expect(await value(inMine((tx) => tx.catalog.findByKey("status", "gewonnen")))).toEqual(won);
        expect(await value(inMine((tx) => tx.catalog.findByKey("source", "gewonnen")))).toBeNull();
        expect((await value(inMine((tx) => tx.catalog.list("status")))).map((e) => e.name)).toEqual(["Neu", "Gewonnen"]);
        expect(await value(uow.run(theirs.id, async (tx) => ok(await tx.catalog.list("status"))))).toEqual([]);
      });
    });

    describe("API keys", () => {
      it("looks keys up by hash across workspaces, records use and revocation", async () => {
        const key = anApiKey(mine.id);
        await inMine((tx) => tx.apiKeys.insert(key));
        const found = await value(uow.runSystem(async (tx) => ok(await tx.apiKeys.findByHash(key.hash))));
        expect(found).toEqual(key);
        await uow.runSystem(async (tx) => {
          await tx.apiKeys.markUsed(key.id, at(40).toISOString());
          await tx.apiKeys.revoke(key.id, at(41).toISOString());
          return ok(undefined);
        });
        const after = await value(uow.runSystem(async (tx) => ok(await tx.apiKeys.findById(key.id))));
        expect(after).toMatchObject({ lastUsedAt: at(40).toISOString(), revokedAt: at(41).toISOString() });
        expect(await value(inMine((tx) => tx.apiKeys.list()))).toHaveLength(1);
        expect(await value(uow.run(theirs.id, async (tx) => ok(await tx.apiKeys.list())))).toEqual([]);
        expect(await value(uow.runSystem(async (tx) => ok(await tx.apiKeys.listAll())))).toHaveLength(1);
      });
    });

    describe("transactions", () => {
      it("rolls everything back when the work returns a failure", async () => {
        const customer = aCustomer(mine.id);
        const result = await uow.run(mine.id, async (tx) => {
          await tx.customers.insert(customer);
          return err("nope");
        });
        expect(result).toEqual({ ok: false, error: "nope" });
        expect(await value(inMine((tx) => tx.customers.findById(customer.id)))).toBeNull();
      });

      it("rolls everything back when the work throws", async () => {
        const customer = aCustomer(mine.id);
        await expect(
          uow.run(mine.id, async (tx) => {
            await tx.customers.insert(customer);
            throw new Error("crash");
          }),
        ).rejects.toThrow("crash");
        expect(await value(inMine((tx) => tx.customers.findById(customer.id)))).toBeNull();
      });

      it("undoes only the failed part of a savepoint", async () => {
        const kept = aCustomer(mine.id, { email: "kept@example.org" });
        const undone = aCustomer(mine.id, { email: "undone@example.org" });
        await uow.run(mine.id, async (tx) => {
          await tx.customers.insert(kept);
          const inner = await tx.savepoint(async () => {
            await tx.customers.insert(undone);
            return err("bad row");
          });
          expect(inner.ok).toBe(false);
          return ok(undefined);
        });
        expect(await value(inMine((tx) => tx.customers.findById(kept.id)))).not.toBeNull();
        expect(await value(inMine((tx) => tx.customers.findById(undone.id)))).toBeNull();
      });

      it("keeps concurrent transactions apart", async () => {
        const customers = Array.from({ length: 10 }, (_, i) => aCustomer(mine.id, { email: `c${i}@example.org` }));
        const results = await Promise.all(
          customers.map((customer, i) =>
            uow.run(mine.id, async (tx) => {
              await tx.customers.insert(customer);
              await new Promise((resolve) => setTimeout(resolve, 1));
              return i % 2 === 0 ? ok(undefined) : err("odd");
            }),
          ),
        );
        expect(results.filter((r) => r.ok)).toHaveLength(5);
        const stored = await value(inMine((tx) => tx.customers.list({}, { limit: 50, after: null })));
        expect(stored.items.map((c) => c.email).sort()).toEqual(["c0@example.org", "c2@example.org", "c4@example.org", "c6@example.org", "c8@example.org"]);
      });

      it("keeps the neighbours' work when one of several concurrent transactions throws", async () => {
        const customers = Array.from({ length: 6 }, (_, i) => aCustomer(mine.id, { email: `n${i}@example.org` }));
        const outcomes = await Promise.allSettled(
          customers.map((customer, i) =>
            uow.run(mine.id, async (tx) => {
              await tx.customers.insert(customer);
              if (i === 3) throw new Error("crash");
              return ok(undefined);
            }),
          ),
        );
        expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
        const stored = await value(inMine((tx) => tx.customers.list({}, { limit: 50, after: null })));
        expect(stored.items.map((c) => c.email).sort()).toEqual(["n0@example.org", "n1@example.org", "n2@example.org", "n4@example.org", "n5@example.org"]);
      });
    });
    describe("the read path", () => {
      it("reads committed records inside the workspace only", async () => {
        const customer = aCustomer(mine.id);
        const inquiry = anInquiry(mine.id, customer.id);
        await inMine(async (tx) => {
          await tx.customers.insert(customer);
          await tx.inquiries.insert(inquiry);
        });
        const [byId, listed, workspace] = await value(
          uow.read(mine.id, async (tx) =>
            ok([await tx.inquiries.findById(inquiry.id), await tx.inquiries.list({}, { limit: 10, after: null }), await tx.workspaces.findById(mine.id)] as const),
          ),
        );
        expect(byId).toEqual(inquiry);
        expect(listed.items).toEqual([inquiry]);
        expect(workspace).toEqual(mine);
        const fromTheirs = await value(
          uow.read(theirs.id, async (tx) => ok([await tx.inquiries.findById(inquiry.id), await tx.customers.findById(customer.id), await tx.workspaces.findById(mine.id)] as const)),
        );
        expect(fromTheirs).toEqual([null, null, null]);
      });

      it("resolves keys by hash and lists workspaces across workspaces", async () => {
        const key = anApiKey(theirs.id);
        await uow.run(theirs.id, async (tx) => ok(await tx.apiKeys.insert(key)));
        const [found, workspaces] = await value(
          uow.readSystem(async (tx) => ok([await tx.apiKeys.findByHash(key.hash), await tx.workspaces.list()] as const)),
        );
        expect(found).toEqual(key);
        expect(workspaces.map((w) => w.name)).toEqual(["mine", "theirs"]);
      });

      it("never sees the writes of a transaction that has not committed", async () => {
        const customer = aCustomer(mine.id);
        let wrote!: () => void;
        const written = new Promise<void>((resolve) => (wrote = resolve));
        const writer = uow.run(mine.id, async (tx) => {
          await tx.customers.insert(customer);
          wrote();
          // A real pause inside the transaction, as a slow handler or a stalled importer makes one.
          await new Promise((resolve) => setTimeout(resolve, 30));
          return err("rolled back");
        });
        await written;
        const seen = await value(uow.read(mine.id, async (tx) => ok(await tx.customers.findById(customer.id))));
        expect(seen).toBeNull();
        expect((await writer).ok).toBe(false);
        expect(await value(uow.read(mine.id, async (tx) => ok(await tx.customers.findById(customer.id))))).toBeNull();
      });

      it("sees a write as soon as its transaction committed", async () => {
        const customer = aCustomer(mine.id);
        await inMine((tx) => tx.customers.insert(customer));
        expect(await value(uow.read(mine.id, async (tx) => ok(await tx.customers.findById(customer.id))))).toEqual(customer);
      });

      it("passes a failure of the work through", async () => {
        expect(await uow.read(mine.id, async () => err("nope"))).toEqual({ ok: false, error: "nope" });
        await expect(uow.readSystem(async () => Promise.reject(new Error("crash")))).rejects.toThrow("crash");
        // The storage still reads after a failed read.
        expect(await value(uow.readSystem(async (tx) => ok((await tx.workspaces.list()).length)))).toBe(2);
      });
    });
  });
}
