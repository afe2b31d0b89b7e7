import { createHash } from "node:crypto";
import { BlobTooLargeError, type StoredBlob } from "../../application/ports/blob-store.js";

/** Enough of a file's start for every format the sniffer knows. */
export const SNIFF_BYTES = 4100;

/** Counts, hashes and keeps the head of a blob while it streams past, refusing it past the limit. */
export class BlobMeter {
  private size = 0;
  private readonly hash = createHash("sha256");
  private readonly headChunks: Buffer[] = [];
  private headLength = 0;

  constructor(private readonly maxBytes: number) {}

  /** Takes the next chunk; throws BlobTooLargeError as soon as the limit is passed. */
  add(chunk: Uint8Array): Buffer {
    const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.size += buffer.length;
    if (this.size > this.maxBytes) throw new BlobTooLargeError(this.maxBytes);
    this.hash.update(buffer);
    if (this.headLength < SNIFF_BYTES) {
      const part = buffer.subarray(0, SNIFF_BYTES - this.headLength);
      this.headChunks.push(Buffer.from(part));
      this.headLength += part.length;
    }
    return buffer;
  }

  result(): StoredBlob {
    return { size: this.size, sha256: this.hash.digest("hex"), head: new Uint8Array(Buffer.concat(this.headChunks)) };
  }
}

/** Workspace ids and blob keys become path segments; anything but plain id characters is refused. */
export function assertSafeKey(...parts: string[]): void {
  for (const part of parts) if (!/^[\w-]{1,100}$/.test(part)) throw new Error(`unsafe blob key segment: ${JSON.stringify(part)}`);
}
