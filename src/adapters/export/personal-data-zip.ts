import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import yazl from "yazl";
import type { BlobContent } from "../../application/ports/blob-store.js";
import type { PersonalDataExport } from "../../application/customer-records/export-view.js";

/** Opens an attachment's bytes, or null when the file is gone. */
export type AttachmentOpener = (inquiryId: string, attachmentId: string) => Promise<BlobContent | null>;

/** Where an attachment lands in the zip: its id keeps two files of the same name apart. */
export const zipPathOf = (attachment: { id: string; filename: string }) => `files/${attachment.id}-${attachment.filename}`;

/**
 * Writes the export as a zip: `export.json` and every attachment under `files/`. Written beside
 * the target and renamed, so a reader never finds half an archive.
 */
export async function writePersonalDataZip(document: PersonalDataExport, open: AttachmentOpener, target: string): Promise<{ files: number }> {
  const zip = new yazl.ZipFile();
  const temporary = `${target}.${process.pid}.tmp`;
  const written = pipeline(zip.outputStream, createWriteStream(temporary, { mode: 0o600 }));
  let files = 0;
  try {
    zip.addBuffer(Buffer.from(`${JSON.stringify(document, null, 2)}\n`, "utf8"), "export.json");
    for (const attachment of document.attachments) {
      const content = await open(attachment.inquiryId, attachment.id);
      if (!content) continue;
      // yazl reads each stream only when its turn in the archive comes, so files are streamed, not held.
      zip.addReadStream(Readable.from(content), zipPathOf(attachment));
      files++;
    }
    zip.end();
    await written;
    await rename(temporary, target);
    return { files };
  } catch (error) {
    zip.end();
    await written.catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}
