import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { UnitOfWork, WorkspaceTransaction } from "../../src/application/ports/unit-of-work.js";
import { catalogKey } from "../../src/domain/shared/text.js";
import { ok } from "../../src/domain/shared/result.js";
import type { Workspace } from "../../src/domain/workspace/workspace.js";
import { aStatus } from "../support/fixtures.js";
import { openWithTwoWorkspaces, type ContractSubject } from "./unit-of-work.contract.js";

/** Changing catalog entries: the same behaviour from every adapter. */
export function describeCatalogContract(adapter: string, makeSubject: () => Promise<ContractSubject>): void {
  describe(`${adapter} catalog contract`, () => {
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

    beforeEach(async () => {
      ({ subject, uow, mine, theirs } = await openWithTwoWorkspaces(makeSubject));
    });

    afterEach(async () => {
      await subject.close();
    });

    it("lists positioned entries by position, the others after them, oldest first", async () => {
      const [neu, offen, fertig] = [aStatus(mine.id, "Neu"), aStatus(mine.id, "Offen"), aStatus(mine.id, "Fertig")];
      await inMine(async (tx) => {
        for (const entry of [neu, offen, fertig]) await tx.catalog.insert(entry);
        await tx.catalog.update({ ...fertig, position: 1 });
        await tx.catalog.update({ ...neu, position: 2 });
      });
      expect((await inMine((tx) => tx.catalog.list("status"))).map((e) => e.name)).toEqual(["Fertig", "Neu", "Offen"]);
    });

    it("renames an entry so its new key finds it, deletes it, and never touches another workspace's entry", async () => {
      const entry = aStatus(mine.id, "Gewonen");
      const foreign = aStatus(theirs.id, "Fremd");
      await inMine((tx) => tx.catalog.insert(entry));
      await inWorkspace(theirs, (tx) => tx.catalog.insert(foreign));

      await inMine((tx) => tx.catalog.update({ ...entry, name: "Gewonnen", key: catalogKey("Gewonnen") }));
      expect((await inMine((tx) => tx.catalog.findByKey("status", "gewonnen")))?.id).toBe(entry.id);
      expect(await inMine((tx) => tx.catalog.findByKey("status", "gewonen"))).toBeNull();
      expect((await inMine((tx) => tx.catalog.findById(entry.id)))?.name).toBe("Gewonnen");

      expect(await inMine((tx) => tx.catalog.findById(foreign.id))).toBeNull();
      await inMine(async (tx) => {
        await tx.catalog.update({ ...foreign, name: "Gekapert" });
        await tx.catalog.delete(foreign.id);
        await tx.catalog.delete(entry.id);
      });
      expect(await inMine((tx) => tx.catalog.findById(entry.id))).toBeNull();
      expect((await inWorkspace(theirs, (tx) => tx.catalog.findById(foreign.id)))?.name).toBe("Fremd");
    });
  });
}
