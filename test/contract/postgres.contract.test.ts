import { postgresFeatureSubjects } from "../support/postgres-features.js";
import { describeCatalogContract } from "./catalog.contract.js";
import { describeIdempotencyContract } from "./idempotency.contract.js";
import { describeInquiryListingContract } from "./inquiry-listing.contract.js";
import { describeIntakeRepositoryContract } from "./intake-repositories.contract.js";
import { describeNotificationStorageContract } from "./notifications.contract.js";
import { describeSigningKeyContract } from "./signing-keys.contract.js";
import { describeUnitOfWorkContract } from "./unit-of-work.contract.js";
import { afterAll, describe, expect, it } from "vitest";
import { ok } from "../../src/domain/shared/result.js";
import { aStatus, aWorkspace } from "../support/fixtures.js";

/**
 * The suites open a subject per test. Migrating a new schema each time would cost most of the
 * file's run time, so the subjects share one schema, emptied when a test closes its subject, and
 * dropped after the file.
 */
const subjects = postgresFeatureSubjects([]);
const postgresSubject = async () => subjects.open();

afterAll(() => subjects.drop());

describeUnitOfWorkContract("PostgreSQL", postgresSubject);
describeInquiryListingContract("PostgreSQL", postgresSubject);
describeCatalogContract("PostgreSQL", postgresSubject);

describeIntakeRepositoryContract("PostgreSQL", postgresSubject);
describeNotificationStorageContract("PostgreSQL", postgresSubject);
describeSigningKeyContract("PostgreSQL", postgresSubject);
describeIdempotencyContract("PostgreSQL", postgresSubject);

describe("PostgreSQL savepoints", () => {
  it("keeps the transaction usable after a statement inside a savepoint failed", async () => {
    const { uow, close } = await postgresSubject();
    try {
      const workspace = aWorkspace("mine");
      await uow.runSystem(async (tx) => ok(await tx.workspaces.insert(workspace)));
      const entry = aStatus(workspace.id, "Neu");
      const later = aStatus(workspace.id, "Offen");
      const result = await uow.run(workspace.id, async (tx) => {
        await tx.catalog.insert(entry);
        // The same key twice: the database rejects the statement and, without the savepoint, the whole transaction.
        const duplicate = tx.savepoint(async () => ok(await tx.catalog.insert({ ...entry, id: `${entry.id}-again` })));
        await expect(duplicate).rejects.toThrow(/duplicate key/);
        await tx.catalog.insert(later);
        return ok((await tx.catalog.list("status")).map((e) => e.name));
      });
      expect(result).toEqual({ ok: true, value: ["Neu", "Offen"] });
    } finally {
      await close();
    }
  });
});

describe("PostgreSQL and the NUL character", () => {
  it("stores a text holding one, raw or as a JSON escape, with U+FFFD in its place instead of failing", async () => {
    const { uow, close } = await postgresSubject();
    try {
      const workspace = aWorkspace("mine");
      await uow.runSystem(async (tx) => ok(await tx.workspaces.insert(workspace)));
      const entry = aStatus(workspace.id, "Neu\0Alt");
      const literal = aStatus(workspace.id, "Neu \\u0000 wörtlich");
      const names = await uow.run(workspace.id, async (tx) => {
        await tx.catalog.insert(entry);
        await tx.catalog.insert(literal);
        return ok((await tx.catalog.list("status")).map((e) => e.name));
      });
      // A backslash the user typed is no escape: that name comes back as written.
      expect(names).toEqual({ ok: true, value: ["Neu\uFFFDAlt", "Neu \\u0000 wörtlich"] });
    } finally {
      await close();
    }
  });
});
