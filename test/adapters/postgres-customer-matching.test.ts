import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PostgresDatabase } from "../../src/adapters/postgres/postgres-database.js";
import { PostgresUnitOfWork } from "../../src/adapters/postgres/postgres-unit-of-work.js";
import { resolveCustomer } from "../../src/application/customers/resolve-customer.js";
import type { UnitOfWork } from "../../src/application/ports/unit-of-work.js";
import type { Customer } from "../../src/domain/customer/customer.js";
import { err, ok } from "../../src/domain/shared/result.js";
import type { Workspace } from "../../src/domain/workspace/workspace.js";
import { aCustomer, at, aWorkspace, nextId } from "../support/fixtures.js";
import { POSTGRES_TEST_URL, postgresTestDatabase } from "../support/postgres.js";

/**
 * Two server instances on one database: two pools, two units of work, one schema. What one
 * instance decides inside a transaction must hold against what the other decides at the same time.
 */
describe("PostgreSQL: two instances on one database", () => {
  let drop: () => Promise<void>;
  let second: PostgresDatabase;
  let instances: [UnitOfWork, UnitOfWork];
  let workspace: Workspace;

  beforeEach(async () => {
    const first = postgresTestDatabase();
    second = new PostgresDatabase({ url: POSTGRES_TEST_URL, schema: first.schema });
    drop = first.drop;
    instances = [new PostgresUnitOfWork(first.database), new PostgresUnitOfWork(second)];
    workspace = aWorkspace("mine");
    await instances[0].runSystem(async (tx) => ok(await tx.workspaces.insert(workspace)));
  });

  afterEach(async () => {
    await second.close();
    await drop();
  });

  /** The rest of a request's work (the inquiry, the outbox): the transaction stays open a moment after matching. */
  const restOfTheRequest = () => new Promise((resolve) => setTimeout(resolve, 5));

  const allCustomers = async (uow: UnitOfWork): Promise<readonly Customer[]> => {
    const result = await uow.read(workspace.id, async (tx) => ok(await tx.customers.list({}, { limit: 1000, after: null })));
    if (!result.ok) throw new Error("unexpected failure");
    return result.value.items;
  };

  it("creates exactly one customer per e-mail address when 200 requests for 20 new addresses race over both instances", async () => {
    const emails = Array.from({ length: 20 }, (_, i) => `kunde${i}@example.org`);
    // Ten requests per address one after another, so that the ones for one address run side by side.
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, n) =>
        instances[n % 2]!.run(workspace.id, async (tx) => {
          const email = emails[Math.floor(n / 10)]!;
          const found = await tx.customers.findByEmailKey(email);
          if (found) return ok("matched");
          await tx.customers.insert(aCustomer(workspace.id, { email }));
          await restOfTheRequest();
          return ok("created");
        }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.ok && outcome.value === "created")).toHaveLength(20);
    const stored = await allCustomers(instances[1]);
    expect(stored.map((customer) => customer.email).sort()).toEqual([...emails].sort());
  });

  it("creates one customer for namesakes without an e-mail arriving at once through the matching rules", async () => {
    const ids = { newId: () => nextId("cus") };
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        instances[n % 2]!.run(workspace.id, async (tx) => {
          const resolved = await resolveCustomer(tx, ids, { firstName: "Erika", lastName: `Musterfrau${n % 4}` }, undefined, at(5));
          await restOfTheRequest();
          return resolved;
        }),
      ),
    );
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect((await allCustomers(instances[0])).map((customer) => customer.lastName).sort()).toEqual(["Musterfrau0", "Musterfrau1", "Musterfrau2", "Musterfrau3"]);
  });

  it("lets a read look a customer up while a writer holds the matching lock", async () => {
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => (locked = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const writer = instances[0].run(workspace.id, async (tx) => {
      await tx.customers.findByEmailKey("max@example.org");
      locked();
      await released;
      return ok(undefined);
    });
    await holding;
    // Were the read to wait for the lock, it would get it only once the writer gives up here.
    const giveUp = setTimeout(release, 2000);
    const started = performance.now();
    const seen = await instances[1].read(workspace.id, async (tx) => ok(await tx.customers.findByEmailKey("max@example.org")));
    expect(seen).toEqual({ ok: true, value: null });
    expect(performance.now() - started).toBeLessThan(1000);
    clearTimeout(giveUp);
    release();
    expect((await writer).ok).toBe(true);
  });

  it("rolls back a transaction whose work returns a failure, and one whose work throws, for both instances", async () => {
    const failed = aCustomer(workspace.id, { email: "failed@example.org" });
    const thrown = aCustomer(workspace.id, { email: "thrown@example.org" });
    const result = await instances[0].run(workspace.id, async (tx) => {
      await tx.customers.insert(failed);
      return err("rejected");
    });
    expect(result).toEqual({ ok: false, error: "rejected" });
    await expect(
      instances[1].run(workspace.id, async (tx) => {
        await tx.customers.insert(thrown);
        throw new Error("crash");
      }),
    ).rejects.toThrow("crash");
    expect(await allCustomers(instances[0])).toEqual([]);
    expect(await allCustomers(instances[1])).toEqual([]);
    // The connections went back to the pools in working order.
    const kept = aCustomer(workspace.id, { email: "kept@example.org" });
    expect(await instances[0].run(workspace.id, async (tx) => ok(await tx.customers.insert(kept)))).toEqual({ ok: true, value: undefined });
    expect(await allCustomers(instances[1])).toEqual([kept]);
  });
});
