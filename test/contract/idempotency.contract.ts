import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { IdempotencyRecords } from "../../src/application/ports/idempotency-records.js";
import type { UnitOfWork } from "../../src/application/ports/unit-of-work.js";
import { newIdempotencyClaim } from "../../src/domain/idempotency/idempotency.js";
import { ok } from "../../src/domain/shared/result.js";
import { aWorkspace } from "../support/fixtures.js";
import type { ContractSubject } from "./unit-of-work.contract.js";

/** Idempotency records: what every storage adapter must do with them. */
export function describeIdempotencyContract(adapter: string, makeSubject: () => Promise<ContractSubject>): void {
  describe(`${adapter} idempotency record storage contract`, () => {
    let subject: ContractSubject;
    let uow: UnitOfWork;
    const now = new Date("2026-11-25T09:00:00.000Z");
    const workspace = aWorkspace("idem");
    const other = aWorkspace("other");

    const inSystem = async <T>(work: (records: IdempotencyRecords) => Promise<T>): Promise<T> => {
      const result = await uow.runSystem(async (tx) => ok(await work(tx.idempotency)));
      if (!result.ok) throw new Error("unexpected failure");
      return result.value;
    };

    beforeEach(async () => {
      subject = await makeSubject();
      uow = subject.uow;
      await uow.runSystem(async (tx) => {
        await tx.workspaces.insert(workspace);
        await tx.workspaces.insert(other);
        return ok(undefined);
      });
    });

    afterEach(async () => {
      await subject.close();
    });

    it("stores a claim per workspace and key, completes it with the answer and removes it", async () => {
      await inSystem((records) => records.put(newIdempotencyClaim(workspace.id, "k1", "fp", now)));
      expect(await inSystem((records) => records.find(other.id, "k1"))).toBeNull();
      expect(await inSystem((records) => records.find(workspace.id, "k1"))).toMatchObject({ fingerprint: "fp", response: null });
      const response = { status: 201, headers: { "content-type": "application/json" }, body: '{"id":"x"}' };
      await inSystem((records) => records.complete(workspace.id, "k1", response));
      expect((await inSystem((records) => records.find(workspace.id, "k1")))?.response).toEqual(response);
      await inSystem((records) => records.remove(workspace.id, "k1"));
      expect(await inSystem((records) => records.find(workspace.id, "k1"))).toBeNull();
    });

    it("replaces a record under the same key and purges expired ones", async () => {
      await inSystem((records) => records.put(newIdempotencyClaim(workspace.id, "k1", "old", now)));
      await inSystem((records) => records.put(newIdempotencyClaim(workspace.id, "k1", "new", now)));
      expect((await inSystem((records) => records.find(workspace.id, "k1")))?.fingerprint).toBe("new");
      await inSystem((records) => records.put(newIdempotencyClaim(other.id, "k2", "fp", new Date("2026-11-27T09:00:00.000Z"))));
      expect(await inSystem((records) => records.purgeExpired("2026-11-26T09:00:01.000Z"))).toBe(1);
      expect(await inSystem((records) => records.find(workspace.id, "k1"))).toBeNull();
      expect(await inSystem((records) => records.find(other.id, "k2"))).not.toBeNull();
    });

    it("rolls back with the transaction", async () => {
      await uow.runSystem(async (tx) => {
        await tx.idempotency.put(newIdempotencyClaim(workspace.id, "k1", "fp", now));
        return { ok: false, error: "abort" } as const;
      });
      expect(await inSystem((records) => records.find(workspace.id, "k1"))).toBeNull();
    });
  });
}
