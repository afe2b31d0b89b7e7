import { DEFAULT_ATTACHMENT_QUOTAS } from "../../src/application/attachments/attachments.js";
import { describe, expect, it } from "vitest";
import { AttachToInquiry } from "../../src/application/attachments/attach-to-inquiry.js";
import { ListAttachments } from "../../src/application/attachments/list-attachments.js";
import { OpenAttachment } from "../../src/application/attachments/open-attachment.js";
import { StageAttachment } from "../../src/application/attachments/stage-attachment.js";
import { DeleteAttachmentBlobs } from "../../src/application/attachments/delete-attachment-blobs.js";
import { CreateInquiry } from "../../src/application/inquiries/create-inquiry.js";
import { DeleteInquiry } from "../../src/application/inquiries/delete-inquiry.js";
import type { OutboxMessage } from "../../src/application/ports/outbox-queue.js";
import { CreateWorkspace } from "../../src/application/workspaces/create-workspace.js";
import { FileTypeSniffer } from "../../src/adapters/blobs/file-type-sniffer.js";
import { MemoryBlobStore } from "../../src/adapters/blobs/memory-blob-store.js";
import { MemoryUnitOfWork } from "../../src/adapters/memory/memory-unit-of-work.js";
import { ManualClock } from "../../src/adapters/system/system-clock.js";
import { UuidV7Ids } from "../../src/adapters/system/uuid-v7-ids.js";
import type { DomainEvent } from "../../src/domain/events.js";

const must = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
};

async function* bytes(text: string) {
  yield new TextEncoder().encode(text);
}

const asMessage = (event: DomainEvent): OutboxMessage => ({
  ...event,
  status: "pending",
  attempts: 1,
  nextAttemptAt: event.occurredAt,
  lastError: null,
  processedAt: null,
});

async function inquiryWithTwoFiles() {
  const uow = new MemoryUnitOfWork();
  const clock = new ManualClock();
  const ids = new UuidV7Ids();
  const blobs = new MemoryBlobStore();
  const ws = must(await new CreateWorkspace(uow, clock, ids).execute("handwerk")).id;
  const { inquiry } = must(await new CreateInquiry(uow, clock, ids).execute(ws, { title: "Dach", contact: { email: "a@example.org" } }));
  const stage = new StageAttachment(blobs, new FileTypeSniffer(), ids);
  const staged = [must(await stage.execute(ws, "Grundriss.txt", bytes("Plan"), 1024)), must(await stage.execute(ws, "Foto.txt", bytes("Bild"), 1024))];
  const attached = must(await new AttachToInquiry(uow, blobs, clock, DEFAULT_ATTACHMENT_QUOTAS).execute(ws, inquiry.id, staged));
  return { uow, clock, ids, blobs, ws, inquiry, attached };
}

describe("deleting an inquiry with attachments", () => {
  it("removes the metadata in the delete's transaction and names the blobs in InquiryDeleted", async () => {
    const s = await inquiryWithTwoFiles();
    const { inquiry: other } = must(await new CreateInquiry(s.uow, s.clock, s.ids).execute(s.ws, { title: "Fenster", contact: { email: "b@example.org" } }));

    must(await new DeleteInquiry(s.uow, s.clock, s.ids).execute(s.ws, s.inquiry.id));

    const event = s.uow.outboxEvents().at(-1);
    expect(event?.type).toBe("InquiryDeleted");
    expect(event?.payload.attachmentBlobKeys).toEqual(s.attached.map((a) => a.id));
    const leftover = await s.uow.run(s.ws, async (tx) => ({ ok: true as const, value: await tx.attachments.listByInquiry(s.inquiry.id) }));
    expect(leftover).toEqual({ ok: true, value: [] });
    expect(await new ListAttachments(s.uow).execute(s.ws, other.id)).toEqual({ ok: true, value: [] });
    // The bytes wait for the commit to be delivered from the outbox.
    expect(s.blobs.count()).toBe(2);
  });

  it("deletes the blobs from the event, and a redelivery of the same event is harmless", async () => {
    const s = await inquiryWithTwoFiles();
    must(await new DeleteInquiry(s.uow, s.clock, s.ids).execute(s.ws, s.inquiry.id));
    const message = asMessage(s.uow.outboxEvents().at(-1)!);
    const handler = new DeleteAttachmentBlobs(s.blobs);
    expect(handler.eventTypes).toContain(message.type);

    await handler.handle(message);
    expect(s.blobs.count()).toBe(0);
    await expect(handler.handle(message)).resolves.toBeUndefined();
    expect(await new OpenAttachment(s.uow, s.blobs).execute(s.ws, s.inquiry.id, s.attached[0]!.id)).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
  });

  it("leaves files alone when the delete fails, and handles events that carry no blob keys", async () => {
    const s = await inquiryWithTwoFiles();
    expect(await new DeleteInquiry(s.uow, s.clock, s.ids).execute(s.ws, "no-such-inquiry")).toMatchObject({ ok: false });
    expect(must(await new ListAttachments(s.uow).execute(s.ws, s.inquiry.id))).toHaveLength(2);
    const olderEvent = asMessage({ ...s.uow.outboxEvents().at(-1)!, type: "InquiryDeleted", payload: { inquiryId: s.inquiry.id } });
    await new DeleteAttachmentBlobs(s.blobs).handle(olderEvent);
    expect(s.blobs.count()).toBe(2);
  });
});
