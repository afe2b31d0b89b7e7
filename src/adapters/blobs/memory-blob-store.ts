import type { BlobContent, BlobStore, StoredBlob } from "../../application/ports/blob-store.js";
import { assertSafeKey, BlobMeter } from "./blob-meter.js";

/** Blobs in a map, for tests and the pure in-memory library mode; same limits and keys as on disk. */
export class MemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, Buffer>();

  private keyOf(workspaceId: string, key: string): string {
    assertSafeKey(workspaceId, key);
    return `${workspaceId}/${key}`;
  }

  async put(workspaceId: string, key: string, content: BlobContent, maxBytes: number): Promise<StoredBlob> {
    const id = this.keyOf(workspaceId, key);
    const meter = new BlobMeter(maxBytes);
    const chunks: Buffer[] = [];
    for await (const chunk of content) chunks.push(Buffer.from(meter.add(chunk)));
    this.blobs.set(id, Buffer.concat(chunks));
    return meter.result();
  }

  async get(workspaceId: string, key: string): Promise<BlobContent | null> {
    const blob = this.blobs.get(this.keyOf(workspaceId, key));
    if (!blob) return null;
    return (async function* () {
      yield new Uint8Array(blob);
    })();
  }

  async delete(workspaceId: string, key: string): Promise<void> {
    this.blobs.delete(this.keyOf(workspaceId, key));
  }

  /** How many blobs exist, so tests can prove that a failed upload left none behind. */
  count(): number {
    return this.blobs.size;
  }
}
