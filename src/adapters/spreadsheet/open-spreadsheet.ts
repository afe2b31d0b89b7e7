import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { RowSource } from "../../application/ports/row-source.js";
import { csvRows } from "./csv-rows.js";
import { SpreadsheetError } from "./spreadsheet-error.js";
import { xlsxRows } from "./xlsx-rows.js";
import { assertSafeZip, DEFAULT_MAX_RATIO } from "./zip-guard.js";

export const SPREADSHEET_FORMATS = ["csv", "tsv", "xlsx"] as const;
export type SpreadsheetFormat = (typeof SPREADSHEET_FORMATS)[number];

/** 1 GiB: a million-row export is a few hundred MB; anything larger is more likely a mistake. */
export const DEFAULT_MAX_IMPORT_BYTES = 1024 * 1024 * 1024;

export interface SpreadsheetOptions {
  readonly format?: SpreadsheetFormat;
  /** An .xlsx sheet by name; the first sheet otherwise. */
  readonly sheet?: string;
  /** The largest file accepted, and the most an .xlsx may unpack to. */
  readonly maxBytes?: number;
}

export interface OpenedSpreadsheet {
  readonly format: SpreadsheetFormat;
  readonly rows: RowSource;
  /** File bytes consumed so far, for progress; the total is known for files only. */
  bytesRead(): number;
  readonly totalBytes: number | null;
  close(): Promise<void>;
}

/** LEADPORT_IMPORT_MAX_BYTES, validated. */
export function maxImportBytes(env: NodeJS.ProcessEnv): number {
  const raw = env.LEADPORT_IMPORT_MAX_BYTES;
  if (raw === undefined || raw.trim() === "") return DEFAULT_MAX_IMPORT_BYTES;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new SpreadsheetError(`LEADPORT_IMPORT_MAX_BYTES must be a positive number of bytes, got "${raw}"`);
  return value;
}

export function formatOfPath(path: string): SpreadsheetFormat {
  const extension = extname(path).slice(1).toLowerCase();
  if ((SPREADSHEET_FORMATS as readonly string[]).includes(extension)) return extension as SpreadsheetFormat;
  throw new SpreadsheetError(`cannot tell the format of "${path}": expected a .xlsx, .csv or .tsv file`);
}

/** Passes bytes through, counting them and stopping at the size limit. */
async function* limited(input: AsyncIterable<Buffer>, counter: { bytes: number }, maxBytes: number): AsyncGenerator<Buffer> {
  for await (const chunk of input) {
    counter.bytes += chunk.length;
    if (counter.bytes > maxBytes) throw new SpreadsheetError(`the file is larger than ${maxBytes} bytes (LEADPORT_IMPORT_MAX_BYTES)`);
    yield chunk;
  }
}

/** Opens a spreadsheet file for import: size limit first, and for .xlsx the zip-bomb check before anything unpacks it. */
export async function openSpreadsheetFile(path: string, options: SpreadsheetOptions = {}): Promise<OpenedSpreadsheet> {
  const format = options.format ?? formatOfPath(path);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES;
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error("not a file");
    size = info.size;
  } catch (error) {
    throw new SpreadsheetError(`cannot read "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (size > maxBytes) throw new SpreadsheetError(`"${path}" is ${size} bytes, more than the limit of ${maxBytes} (LEADPORT_IMPORT_MAX_BYTES)`);
  const counter = { bytes: 0 };
  const open = () => Readable.from(limited(createReadStream(path), counter, maxBytes));
  if (format === "xlsx") await assertSafeZip(path, { maxUncompressedBytes: maxBytes, maxRatio: DEFAULT_MAX_RATIO });
  const rows = format === "xlsx" ? xlsxRows(open, options.sheet) : csvRows(open(), format);
  return { format, rows, bytesRead: () => counter.bytes, totalBytes: size, close: async () => {} };
}

/**
 * Opens a byte stream for import. CSV and TSV stream straight through; an .xlsx is a zip whose
 * directory sits at its end, so it is first spooled to a private temporary file (within the
 * size limit) and checked there.
 */
export async function openSpreadsheetStream(input: AsyncIterable<Buffer>, options: SpreadsheetOptions & { format: SpreadsheetFormat }): Promise<OpenedSpreadsheet> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES;
  const counter = { bytes: 0 };
  if (options.format !== "xlsx") {
    return { format: options.format, rows: csvRows(limited(input, counter, maxBytes), options.format), bytesRead: () => counter.bytes, totalBytes: null, close: async () => {} };
  }
  const dir = await mkdtemp(join(tmpdir(), "leadport-import-"));
  const removeDir = () => rm(dir, { recursive: true, force: true });
  try {
    const path = join(dir, "upload.xlsx");
    await pipeline(Readable.from(limited(input, counter, maxBytes)), createWriteStream(path, { mode: 0o600 }));
    const opened = await openSpreadsheetFile(path, options);
    return { ...opened, close: removeDir };
  } catch (error) {
    await removeDir();
    throw error;
  }
}
