import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BlobTooLargeError, type BlobContent, type BlobStore } from "../../src/application/ports/blob-store.js";
import { FileSystemBlobStore } from "../../src/adapters/blobs/file-system-blob-store.js";
import { MemoryBlobStore } from "../../src/adapters/blobs/memory-blob-store.js";

async function* chunks(...parts: string[]): BlobContent {
  for (const part of parts) yield new TextEncoder().encode(part);
}

async function* failingAfter(part: string): BlobContent {
  yield new TextEncoder().encode(part);
  throw new Error("connection reset");
}

async function read(content: BlobContent | null): Promise<string | null> {
  if (!content) return null;
  const parts: Uint8Array[] = [];
  for await (const chunk of content) parts.push(chunk);
  return Buffer.concat(parts).toString("utf8");
}

interface BlobSubject {
  readonly store: BlobStore;
  /** Files or entries the store holds, temporary ones included. */
  stored(): number;
  close(): void;
}

function describeBlobStoreContract(adapter: string, makeSubject: () => BlobSubject): void {
  describe(`${adapter} blob store contract`, () => {
    let subject: BlobSubject;
    let store: BlobStore;

    beforeEach(() => {
      subject = makeSubject();
      store = subject.store;
    });

    afterEach(() => subject.close());

    it("stores streamed content with its size and SHA-256 and reads it back", async () => {
      const stored = await store.put("ws-1", "blob-1", chunks("Hallo ", "Welt"), 100);
      expect(stored.size).toBe(10);
      expect(stored.sha256).toBe(createHash("sha256").update("Hallo Welt").digest("hex"));
      expect(Buffer.from(stored.head).toString("utf8")).toBe("Hallo Welt");
      expect(await read(await store.get("ws-1", "blob-1"))).toBe("Hallo Welt");
    });

    it("keys blobs per workspace", async () => {
      await store.put("ws-1", "blob-1", chunks("mine"), 100);
      expect(await store.get("ws-2", "blob-1")).toBeNull();
    });

    it("deletes blobs, and deleting a missing blob is fine", async () => {
      await store.put("ws-1", "blob-1", chunks("x"), 100);
      await store.delete("ws-1", "blob-1");
      await store.delete("ws-1", "never-there");
      expect(await store.get("ws-1", "blob-1")).toBeNull();
      expect(subject.stored()).toBe(0);
    });

    it("refuses content over the limit and keeps nothing of it", async () => {
      await expect(store.put("ws-1", "big", chunks("12345", "67890", "1"), 10)).rejects.toBeInstanceOf(BlobTooLargeError);
      expect(await store.get("ws-1", "big")).toBeNull();
      expect(subject.stored()).toBe(0);
    });

    it("keeps nothing of content whose stream fails half-way", async () => {
      await expect(store.put("ws-1", "broken", failingAfter("partial"), 100)).rejects.toThrow("connection reset");
      expect(await store.get("ws-1", "broken")).toBeNull();
      expect(subject.stored()).toBe(0);
    });

    it("refuses keys that could leave the store's directory", async () => {
      await expect(store.put("ws-1", "../escape", chunks("x"), 100)).rejects.toThrow(/unsafe/);
      await expect(store.get("../ws", "blob")).rejects.toThrow(/unsafe/);
    });
  });
}

describeBlobStoreContract("memory", () => {
  const store = new MemoryBlobStore();
  return { store, stored: () => store.count(), close: () => undefined };
});

describeBlobStoreContract("file system", () => {
  const root = mkdtempSync(join(tmpdir(), "leadport-blobs-"));
  const countFiles = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((n, entry) => n + (entry.isDirectory() ? countFiles(join(dir, entry.name)) : 1), 0);
  return {
    store: new FileSystemBlobStore(root),
    stored: () => countFiles(root),
    close: () => rmSync(root, { recursive: true, force: true }),
  };
});
