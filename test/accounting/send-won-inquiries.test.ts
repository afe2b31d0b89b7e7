import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SendWonInquiries } from "../../src/application/accounting/send-won-inquiries.js";
import type { Clock } from "../../src/application/ports/clock.js";
import type { IdGenerator } from "../../src/application/ports/ids.js";
import type { UnitOfWork } from "../../src/application/ports/unit-of-work.js";
import { TOKENS } from "../../src/application/tokens.js";
import { startFakeLexoffice, type FakeLexoffice } from "./support/fake-lexoffice.js";
import { accountingWorld, removeDir, type AccountingWorld } from "./support/accounting-fixture.js";

const DAY_MS = 24 * 3_600_000;

let fake: FakeLexoffice;
let world: AccountingWorld | null = null;

beforeEach(async () => {
  fake = await startFakeLexoffice();
});
afterEach(async () => {
  if (world) {
    world.close();
    removeDir(world.dataDir);
  }
  world = null;
  await fake.close();
});

describe.each(["memory", "sqlite"] as const)("queueing the wins from before connecting (%s)", (storage) => {
  it("pages through the won inquiries, takes those won since the date, and queues each once", async () => {
    world = await accountingWorld(storage, fake.url);
    const { container } = world.composition;
    // Two inquiries per page and transaction, so five wins take several pages.
    const sendWon = new SendWonInquiries(container.resolve<UnitOfWork>(TOKENS.UnitOfWork), container.resolve<Clock>(TOKENS.Clock), container.resolve<IdGenerator>(TOKENS.Ids), { maxItems: 2 });
    const inquiry = (n: number) => world!.createInquiry({ title: `Auftrag ${n}`, expectedValue: 1000 + n, contact: { name: `Kunde ${n}`, email: `kunde${n}@example.org` } });

    const early = await inquiry(0); // 2026-12-01
    await world.win(early);
    world.clock.advance(3 * DAY_MS); // 2026-12-04
    const recent = [await inquiry(1), await inquiry(2), await inquiry(3), await inquiry(4), await inquiry(5)];
    for (const id of recent) await world.win(id);
    const reopened = await inquiry(6);
    await world.win(reopened);
    await world.win(reopened, "In Bearbeitung");
    await inquiry(7); // never won
    await world.dispatch(); // nothing is connected: no drafts
    expect(fake.quotations).toHaveLength(0);

    expect((await world.connect(fake.token)).ok).toBe(true);
    expect(await sendWon.execute(world.workspaceId, { since: "2026-12-04" })).toEqual({ ok: true, value: { since: "2026-12-04", queued: 5 } });
    for (const id of recent) expect(await world.sync(id)).toMatchObject({ ok: true, value: { status: "pending" } });
    expect(await sendWon.execute(world.workspaceId, { since: "2026-12-04" })).toEqual({ ok: true, value: { since: "2026-12-04", queued: 0 } });
    await world.dispatch(3);
    expect(fake.quotations).toHaveLength(5);
    // Sent (with the placeholder address, so for review).
    for (const id of recent) expect(await world.sync(id)).toMatchObject({ ok: true, value: { status: "needs_review", remoteQuoteId: expect.any(String) } });

    // An earlier date takes the earlier win too, and nothing sent before is queued again.
    expect(await sendWon.execute(world.workspaceId, { since: "2026-01-01" })).toMatchObject({ ok: true, value: { queued: 1 } });
    await world.dispatch(3);
    expect(fake.quotations).toHaveLength(6);
    expect(fake.quotations.map((quotation) => quotation.title).sort()).toEqual([0, 1, 2, 3, 4, 5].map((n) => `Auftrag ${n}`));
    expect(await world.sync(reopened)).toMatchObject({ ok: true, value: { status: "none" } });
  });
});
