import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, createReadStream } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLeadport, type Leadport } from "../../src/hosts/library.js";
import { libraryDatabase } from "../support/test-database.js";

const must = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
};

async function text(content: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of content) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

const filesUnder = (root: string): string[] =>
  existsSync(root) ? readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name) : [];

describe("attachments through the library", () => {
  const dirs: string[] = [];
  const open: Leadport[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "leadport-lib-att-"));
    dirs.push(dir);
    return dir;
  };
  const start = async (options: Parameters<typeof createLeadport>[0]) => {
    const lp = await createLeadport(options);
    open.push(lp);
    return lp;
  };

  afterEach(async () => {
    for (const lp of open.splice(0)) await lp.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("adds from a Buffer and from a stream, lists, opens, and deletes them with the inquiry (in memory)", async () => {
    const lp = await start({ database: "memory" });
    const { inquiry } = must(await lp.inquiries.create({ contact: { email: "kunde@example.org" } }));
    const source = join(tempDir(), "angebot.txt");
    writeFileSync(source, "Angebot über 12.500 €");

    const fromBuffer = must(await lp.attachments.add(inquiry.id, { filename: "Notiz.txt", content: Buffer.from("Bitte zurückrufen") }));
    const fromStream = must(await lp.attachments.add(inquiry.id, { filename: "Angebot.txt", content: createReadStream(source) }));
    expect(fromBuffer).toMatchObject({ inquiryId: inquiry.id, filename: "Notiz.txt", size: Buffer.byteLength("Bitte zurückrufen") });
    expect(must(await lp.attachments.list(inquiry.id)).map((a) => a.id)).toEqual([fromBuffer.id, fromStream.id]);
    const opened = must(await lp.attachments.open(inquiry.id, fromStream.id));
    expect(opened.attachment).toEqual(fromStream);
    expect(await text(opened.content)).toBe("Angebot über 12.500 €");

    must(await lp.inquiries.delete(inquiry.id));
    must(await lp.outbox.runOnce());
    expect(await lp.attachments.open(inquiry.id, fromBuffer.id)).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await lp.attachments.list(inquiry.id)).toMatchObject({ ok: false, error: { code: "not_found" } });
  });

  it("refuses a file over the limit and a missing inquiry, keeping nothing", async () => {
    const dataDir = tempDir();
    const lp = await start({ ...libraryDatabase(join(dataDir, "lib.db")), dataDir });
    const { inquiry } = must(await lp.inquiries.create({ contact: { email: "kunde@example.org" } }));
    const tooLarge = await lp.attachments.add(inquiry.id, { filename: "gross.bin", content: new Uint8Array(11), maxBytes: 10 });
    expect(tooLarge).toMatchObject({ ok: false, error: { code: "validation_failed", issues: [{ path: "content" }] } });
    expect(await lp.attachments.add("no-such-inquiry", { filename: "a.txt", content: Buffer.from("x") })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    expect(filesUnder(join(dataDir, "attachments"))).toEqual([]);
    expect(must(await lp.attachments.list(inquiry.id))).toEqual([]);
  });

  it("keeps files beside a database file across instances and removes them from disk after the deletion is dispatched", async () => {
    const dir = tempDir();
    const database = join(dir, "lib.db");
    const first = await start(libraryDatabase(database));
    const { inquiry } = must(await first.inquiries.create({ contact: { email: "kunde@example.org" } }));
    const added = must(await first.attachments.add(inquiry.id, { filename: "Plan.txt", content: Buffer.from("Grundriss") }));
    expect(filesUnder(join(dir, "attachments"))).toEqual([added.id]);
    await open.pop()!.close();

    const second = await start(libraryDatabase(database));
    expect(await text(must(await second.attachments.open(inquiry.id, added.id)).content)).toBe("Grundriss");
    must(await second.inquiries.delete(inquiry.id));
    expect(filesUnder(join(dir, "attachments"))).toEqual([added.id]);
    must(await second.outbox.runOnce());
    expect(filesUnder(join(dir, "attachments"))).toEqual([]);
  });
});
