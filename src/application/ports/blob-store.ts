/** Bytes as a stream of chunks, so a large upload or download never sits in memory whole. */
export type BlobContent = AsyncIterable<Uint8Array>;

export interface StoredBlob {
  readonly size: number;
  /** Hex SHA-256 of the content. */
  readonly sha256: string;
  /** The first bytes, for content-type sniffing. */
  readonly head: Uint8Array;
}

/** Raised by `put` when more than the allowed bytes arrive; nothing of the blob remains. */
export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`content exceeds ${maxBytes} bytes`);
  }
}

/**
 * Where attachment bytes live, keyed per workspace. `put` is atomic: a reader sees the whole
 * blob or none, even when the writer dies half-way.
 */
export interface BlobStore {
  put(workspaceId: string, key: string, content: BlobContent, maxBytes: number): Promise<StoredBlob>;
  /** The content, or null when there is no such blob. */
  get(workspaceId: string, key: string): Promise<BlobContent | null>;
  /** Removing a missing blob is not an error. */
  delete(workspaceId: string, key: string): Promise<void>;
}

/** Names a file's media type from its first bytes. */
export interface ContentSniffer {
  sniff(head: Uint8Array): Promise<string>;
}
