import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLeadport } from "../../src/hosts/library.js";
import { libraryDatabase } from "../support/test-database.js";

async function collect(run: (out: PassThrough) => Promise<unknown>): Promise<{ result: unknown; bytes: Buffer }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (chunk: Buffer) => chunks.push(chunk));
  const result = await run(out);
  return { result, bytes: Buffer.concat(chunks) };
}

describe("the library's export", () => {
  it("writes the filtered inquiries as CSV that import.fromStream reads back into another workspace", async () => {
    const lp = await createLeadport(libraryDatabase(":memory:"));
    await lp.inquiries.create({ title: "Dach", contact: { name: "Jürgen Müller", email: "j@example.org" }, expectedValue: 1234.5, source: "Website" });
    await lp.inquiries.create({ title: "Zaun", contact: { name: "Eva Ächt" }, source: "Telefon" });
    const { result, bytes } = await collect((out) => lp.export.inquiries(out, { source: "website" }));
    expect(result).toEqual({ ok: true, value: { rows: 1 } });
    expect(bytes.toString("utf8")).toContain(";1234,50;");

    const bad = await collect((out) => lp.export.inquiries(out, { sort: "price" as never }));
    expect(bad.result).toMatchObject({ ok: false, error: { issues: [{ path: "sort" }] } });
    expect(bad.bytes.length).toBe(0);

    const other = await lp.forWorkspace("zweite");
    const imported = await other.import.fromStream(Readable.from([bytes]), { format: "csv" });
    expect(imported).toMatchObject({ ok: true, value: { created: 1, failed: 0 } });
    const copied = await other.inquiries.list();
    expect(copied.ok && copied.value.items.map((i) => [i.title, i.source, i.expectedValue])).toEqual([["Dach", "Website", 1234.5]]);

    const xlsx = await collect((out) => lp.export.customers(out, { format: "xlsx" }));
    expect(xlsx.result).toEqual({ ok: true, value: { rows: 2 } });
    expect(xlsx.bytes.subarray(0, 2).toString()).toBe("PK");
    await lp.close();
  });
});
