import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { BlobContent, BlobStore, StoredBlob } from "../../application/ports/blob-store.js";
import { assertSafeKey, BlobMeter } from "./blob-meter.js";

/**
 * Blobs as files under `<root>/<workspaceId>/<key>`. A blob is written to a temporary file,
 * flushed to disk and renamed into place, so a reader never sees half a file and a crash leaves
 * at most a temporary file behind (named `.tmp-…`, never served).
 */
export class FileSystemBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private pathOf(workspaceId: string, key: string): string {
    assertSafeKey(workspaceId, key);
    return join(this.root, workspaceId, key);
  }

  async put(workspaceId: string, key: string, content: BlobContent, maxBytes: number): Promise<StoredBlob> {
    const target = this.pathOf(workspaceId, key);
    const directory = join(this.root, workspaceId);
    // Attachments are customers' documents: readable by the server's user only.
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const temporary = join(directory, `.tmp-${key}-${randomBytes(6).toString("hex")}`);
    const file = await open(temporary, "wx", 0o600);
    const meter = new BlobMeter(maxBytes);
    try {
      for await (const chunk of content) await file.write(meter.add(chunk));
      await file.sync();
      await file.close();
      await rename(temporary, target);
      await syncDirectory(directory);
      return meter.result();
    } catch (error) {
      await file.close().catch(() => undefined);
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async get(workspaceId: string, key: string): Promise<BlobContent | null> {
    const path = this.pathOf(workspaceId, key);
    try {
      await stat(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    return createReadStream(path);
  }

  async delete(workspaceId: string, key: string): Promise<void> {
    await rm(this.pathOf(workspaceId, key), { force: true });
  }
}

/** Makes the rename itself durable; some platforms cannot open a directory, which is fine there. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort: the file's own fsync already happened
  }
}
