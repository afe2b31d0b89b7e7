import { dirname, resolve } from "node:path";
import { toAttachmentView, type AttachmentView } from "../application/attachments/attachment-view.js";
import type { BlobContent } from "../application/ports/blob-store.js";
import { invalid, type Failure } from "../domain/shared/failure.js";
import { err, ok, type Result } from "../domain/shared/result.js";
import { DEFAULT_ATTACHMENT_LIMITS } from "../adapters/http/intake-services.js";
import type { UseCases } from "./container.js";

export type { AttachmentView };

export interface NewAttachment {
  readonly filename: string;
  /** The whole file, or a stream of chunks (e.g. `fs.createReadStream`) that is never held in memory whole. */
  readonly content: Uint8Array | AsyncIterable<Uint8Array>;
  /** Default 10 MiB, like the HTTP API. */
  readonly maxBytes?: number;
}

export interface AttachmentDownloadView {
  readonly attachment: AttachmentView;
  readonly content: BlobContent;
}

export interface LibraryAttachments {
  /** Stores the file and records it on the inquiry; a refused or failed add leaves nothing behind. */
  add(inquiryId: string, file: NewAttachment): Promise<Result<AttachmentView, Failure>>;
  list(inquiryId: string): Promise<Result<AttachmentView[], Failure>>;
  open(inquiryId: string, attachmentId: string): Promise<Result<AttachmentDownloadView, Failure>>;
}

/**
 * Where the library keeps attachment files: the given directory, else beside a database file
 * (the server's layout, so both see the same files); only purely in-memory databases keep them in memory.
 */
export function libraryDataDir(database: string, dataDir: string | undefined): string | undefined {
  if (dataDir) return resolve(dataDir);
  return database === "memory" || database === ":memory:" ? undefined : dirname(resolve(database));
}

const chunksOf = (content: NewAttachment["content"]): BlobContent =>
  content instanceof Uint8Array
    ? (async function* () {
        yield content;
      })()
    : content;

export function bindAttachments(useCases: UseCases, workspaceId: string): LibraryAttachments {
  return {
    add: async (inquiryId, file) => {
      const maxBytes = file.maxBytes ?? DEFAULT_ATTACHMENT_LIMITS.maxBytes;
      const staged = await useCases.stageAttachment.execute(workspaceId, file.filename, chunksOf(file.content), maxBytes);
      if (!staged.ok) return err(invalid("content", `exceeds the limit of ${staged.error.maxBytes} bytes`));
      const attached = await useCases.attachToInquiry.execute(workspaceId, inquiryId, [staged.value]);
      return attached.ok ? ok(toAttachmentView(attached.value[0]!)) : attached;
    },
    list: async (inquiryId) => {
      const listed = await useCases.listAttachments.execute(workspaceId, inquiryId);
      return listed.ok ? ok(listed.value.map(toAttachmentView)) : listed;
    },
    open: async (inquiryId, attachmentId) => {
      const opened = await useCases.openAttachment.execute(workspaceId, inquiryId, attachmentId);
      return opened.ok ? ok({ attachment: toAttachmentView(opened.value.attachment), content: opened.value.content }) : opened;
    },
  };
}
