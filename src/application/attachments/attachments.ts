import { type Attachment } from "../../domain/attachment/attachment.js";
import { type Failure } from "../../domain/shared/failure.js";
import { type Result } from "../../domain/shared/result.js";
import { type BlobContent, type BlobStore } from "../ports/blob-store.js";
import type { Clock } from "../ports/clock.js";
import type { WorkspaceTransaction } from "../ports/unit-of-work.js";

/** A file whose bytes are stored but which belongs to no inquiry yet. */
export type StagedAttachment = Omit<Attachment, "inquiryId" | "createdAt">;

export interface AttachmentTooLarge {
  readonly code: "too_large";
  readonly filename: string;
  readonly maxBytes: number;
}

export async function discardStaged(blobs: BlobStore, staged: readonly StagedAttachment[]): Promise<void> {
  for (const file of staged) await blobs.delete(file.workspaceId, file.id);
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

export interface AttachmentDownload {
  readonly attachment: Attachment;
  readonly content: BlobContent;
}
