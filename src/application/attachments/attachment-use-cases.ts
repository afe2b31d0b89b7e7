import { inject, injectable } from "tsyringe";
import { safeFilename, type Attachment } from "../../domain/attachment/attachment.js";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { BlobTooLargeError, type BlobContent, type BlobStore, type ContentSniffer } from "../ports/blob-store.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork, WorkspaceTransaction } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";

/** A file whose bytes are stored but which belongs to no inquiry yet. */
export type StagedAttachment = Omit<Attachment, "inquiryId" | "createdAt">;

export interface AttachmentTooLarge {
  readonly code: "too_large";
  readonly filename: string;
  readonly maxBytes: number;
}

/**
 * Streams one uploaded file into the blob store while it arrives, then names its type from its
 * first bytes. Staged files are attached in the transaction that records them, or discarded.
 */
@injectable()
export class StageAttachment {
  constructor(
    @inject(TOKENS.BlobStore) private readonly blobs: BlobStore,
    @inject(TOKENS.ContentSniffer) private readonly sniffer: ContentSniffer,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async execute(workspaceId: string, filename: string | undefined, content: BlobContent, maxBytes: number): Promise<Result<StagedAttachment, AttachmentTooLarge>> {
    const id = this.ids.newId();
    const name = safeFilename(filename);
    try {
      const stored = await this.blobs.put(workspaceId, id, content, maxBytes);
      const contentType = await this.sniffer.sniff(stored.head);
      return ok({ id, workspaceId, filename: name, contentType, size: stored.size, sha256: stored.sha256 });
    } catch (error) {
      if (error instanceof BlobTooLargeError) return err({ code: "too_large", filename: name, maxBytes });
      await this.blobs.delete(workspaceId, id);
      throw error;
    }
  }
}

async function discardStaged(blobs: BlobStore, staged: readonly StagedAttachment[]): Promise<void> {
  for (const file of staged) await blobs.delete(file.workspaceId, file.id);
}

/** Removes the bytes of staged files whose request failed, so no orphan blob remains. */
@injectable()
export class DiscardStagedAttachments {
  constructor(@inject(TOKENS.BlobStore) private readonly blobs: BlobStore) {}

  async execute(staged: readonly StagedAttachment[]): Promise<void> {
    await discardStaged(this.blobs, staged);
  }
}

/** Limits on what a workspace may store, so one key cannot fill the disk. */
export interface AttachmentQuotas {
  readonly perInquiry: number;
  readonly workspaceBytes: number;
}

export const DEFAULT_ATTACHMENT_QUOTAS: AttachmentQuotas = { perInquiry: 100, workspaceBytes: 10 * 1024 ** 3 };

/** Null when the staged files fit the quotas; otherwise the refusal naming the limit. */
export async function quotaFailure(
  tx: WorkspaceTransaction,
  quotas: AttachmentQuotas,
  inquiryId: string,
  staged: readonly StagedAttachment[],
): Promise<Failure | null> {
  if (staged.length === 0) return null;
  const existing = (await tx.attachments.listByInquiry(inquiryId)).length;
  if (existing + staged.length > quotas.perInquiry) {
    const message = `at most ${quotas.perInquiry} attachments per inquiry (LEADPORT_ATTACHMENTS_PER_INQUIRY); it has ${existing}`;
    return { code: "conflict", message: `Attachment quota exceeded: ${message}.`, issues: [{ path: "file", message }] };
  }
  const adding = staged.reduce((sum, file) => sum + file.size, 0);
  const used = await tx.attachments.totalBytes();
  if (used + adding > quotas.workspaceBytes) {
    const message = `at most ${quotas.workspaceBytes} bytes of attachments per workspace (LEADPORT_WORKSPACE_ATTACHMENT_BYTES); ${used} are used`;
    return { code: "conflict", message: `Attachment quota exceeded: ${message}.`, issues: [{ path: "file", message }] };
  }
  return null;
}

/** Records staged files as attachments of an inquiry, inside the caller's transaction. */
export async function attachStagedIn(
  tx: WorkspaceTransaction,
  clock: Clock,
  inquiryId: string,
  staged: readonly StagedAttachment[],
): Promise<Attachment[]> {
  const createdAt = clock.now().toISOString();
  const attachments = staged.map((file): Attachment => ({ ...file, workspaceId: tx.workspaceId, inquiryId, createdAt }));
  for (const attachment of attachments) await tx.attachments.insert(attachment);
  return attachments;
}

/**
 * Runs a transaction that takes over staged files; when it fails or throws, their bytes are
 * deleted again, so a failed request leaves neither a record nor a blob behind.
 */
export async function withStagedFiles<T>(
  blobs: BlobStore,
  staged: readonly StagedAttachment[],
  work: () => Promise<Result<T, Failure>>,
): Promise<Result<T, Failure>> {
  try {
    const result = await work();
    if (!result.ok) await discardStaged(blobs, staged);
    return result;
  } catch (error) {
    await discardStaged(blobs, staged);
    throw error;
  }
}

@injectable()
export class AttachToInquiry {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.BlobStore) private readonly blobs: BlobStore,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.AttachmentQuotas) private readonly quotas: AttachmentQuotas,
  ) {}

  async execute(workspaceId: string, inquiryId: string, staged: readonly StagedAttachment[]): Promise<Result<Attachment[], Failure>> {
    return withStagedFiles(this.blobs, staged, () =>
      this.uow.run(workspaceId, async (tx) => {
        if (!(await tx.inquiries.findById(inquiryId))) return err(notFound("inquiry"));
        const refused = await quotaFailure(tx, this.quotas, inquiryId, staged);
        if (refused) return err(refused);
        return ok(await attachStagedIn(tx, this.clock, inquiryId, staged));
      }),
    );
  }
}

@injectable()
export class ListAttachments {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string, inquiryId: string): Promise<Result<readonly Attachment[], Failure>> {
    return this.uow.read(workspaceId, async (tx) => {
      if (!(await tx.inquiries.findById(inquiryId))) return err(notFound("inquiry"));
      return ok(await tx.attachments.listByInquiry(inquiryId));
    });
  }
}

export interface AttachmentDownload {
  readonly attachment: Attachment;
  readonly content: BlobContent;
}

@injectable()
export class OpenAttachment {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.BlobStore) private readonly blobs: BlobStore,
  ) {}

  async execute(workspaceId: string, inquiryId: string, attachmentId: string): Promise<Result<AttachmentDownload, Failure>> {
    const found = await this.uow.read(workspaceId, async (tx) => {
      const attachment = await tx.attachments.findById(attachmentId);
      return attachment && attachment.inquiryId === inquiryId && (await tx.inquiries.findById(inquiryId))
        ? ok(attachment)
        : err(notFound("attachment"));
    });
    if (!found.ok) return found;
    const content = await this.blobs.get(workspaceId, attachmentId);
    if (!content) return err(notFound("attachment content"));
    return ok({ attachment: found.value, content });
  }
}
