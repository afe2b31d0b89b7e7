import { Readable } from "node:stream";
import { parse } from "csv-parse";
import iconv from "iconv-lite";
import type { RawRow, RowSource } from "../../application/ports/row-source.js";
import { SpreadsheetError } from "./spreadsheet-error.js";

/** How much of the file decides its encoding and delimiter. */
const SAMPLE_BYTES = 64 * 1024;
const DELIMITERS = [";", ",", "\t"] as const;
/** No legitimate record is this long; a file without line breaks is not a table. */
const MAX_RECORD_CHARS = 1024 * 1024;

export type TextEncoding = "utf8" | "windows-1252";

/**
 * UTF-8 (with or without BOM) when the sample decodes as UTF-8, else Windows-1252: the encoding
 * Excel and Outlook write "CSV" in on German Windows. A sample may end inside a multi-byte
 * character, so up to three trailing bytes may be cut off before deciding.
 */
export function detectEncoding(sample: Buffer): TextEncoding {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for (let cut = 0; cut <= Math.min(3, sample.length); cut += 1) {
    try {
      decoder.decode(sample.subarray(0, sample.length - cut));
      return "utf8";
    } catch {
      // try again without a possibly split last character
    }
  }
  return "windows-1252";
}

/** The delimiter that occurs most often outside quotes in the first line; a comma when none does. */
export function detectDelimiter(firstLine: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best = ",";
  let bestCount = 0;
  for (const [delimiter, count] of counts) {
    if (count > bestCount) [best, bestCount] = [delimiter, count];
  }
  return best;
}

async function readSample(chunks: AsyncIterator<Buffer>): Promise<{ sample: Buffer; done: boolean }> {
  const parts: Buffer[] = [];
  let length = 0;
  while (length < SAMPLE_BYTES) {
    const next = await chunks.next();
    if (next.done) return { sample: Buffer.concat(parts), done: true };
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    parts.push(chunk);
    length += chunk.length;
  }
  return { sample: Buffer.concat(parts), done: false };
}

/**
 * The rows of a CSV or TSV byte stream, parsed as they arrive. The encoding and (for CSV) the
 * delimiter are detected from the first 64 KiB; row numbers count records, header = 1, as a
 * spreadsheet program shows them.
 */
export function csvRows(input: AsyncIterable<Buffer>, format: "csv" | "tsv"): RowSource {
  return {
    async *[Symbol.asyncIterator](): AsyncGenerator<RawRow> {
      const chunks = input[Symbol.asyncIterator]();
      const { sample, done } = await readSample(chunks);
      const encoding = detectEncoding(sample);
      const text = encoding === "utf8" ? sample.toString("utf8") : iconv.decode(sample, "win1252");
      const firstLine = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
      const delimiter = format === "tsv" ? "\t" : detectDelimiter(firstLine);
      const bytes = Readable.from(
        (async function* () {
          yield sample;
          if (done) return;
          for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
        })(),
      );
      const decoded = encoding === "utf8" ? bytes : bytes.pipe(iconv.decodeStream("win1252"));
      const parser = decoded.pipe(
        parse({
          delimiter,
          bom: true,
          relax_column_count: true,
          relax_quotes: true,
          skip_empty_lines: false,
          max_record_size: MAX_RECORD_CHARS,
        }),
      );
      for (const stage of new Set([bytes, decoded])) stage.on("error", (error) => parser.destroy(error));
      let number = 0;
      try {
        for await (const record of parser as AsyncIterable<string[]>) {
          number += 1;
          yield { number, cells: record };
        }
      } catch (error) {
        if (error instanceof SpreadsheetError) throw error;
        throw new SpreadsheetError(`cannot read the ${format.toUpperCase()} file: ${(error as Error).message}`);
      }
    },
  };
}
