import { z } from "zod";
import type { BlobStore } from "../ports/blob-store.js";
import type { MailArchive } from "../ports/personal-data.js";

/** The files an erasure leaves to remove after commit, named by ids only. */
export const ErasedFiles = z.object({
  attachmentBlobKeys: z.array(z.string().min(1)).default([]),
  mailMessageIds: z.array(z.string().min(1)).default([]),
});
export type ErasedFiles = z.output<typeof ErasedFiles>;

export async function removeErasedFiles(blobs: BlobStore, mails: MailArchive, workspaceId: string, files: ErasedFiles): Promise<void> {
  for (const key of files.attachmentBlobKeys) await blobs.delete(workspaceId, key);
  await mails.forget(files.mailMessageIds);
}

