import { promisify } from "node:util";
import yauzl from "yauzl";
import { SpreadsheetError } from "./spreadsheet-error.js";

export interface ZipLimits {
  /** The most bytes all entries together may unpack to. */
  readonly maxUncompressedBytes: number;
  /** The highest compression ratio an entry above {@link RATIO_CHECK_FROM_BYTES} may have. */
  readonly maxRatio: number;
}

/** Small entries may compress extremely well (empty styles, repeated XML) without being dangerous. */
const RATIO_CHECK_FROM_BYTES = 1024 * 1024;
export const DEFAULT_MAX_RATIO = 200;

const openZip = promisify<string, yauzl.Options, yauzl.ZipFile>(yauzl.open);

/**
 * Refuses zip bombs before the workbook reader opens the file. Sizes declared in the zip's
 * central directory are checked first; every entry is then inflated once into nothing, with
 * yauzl verifying that no entry unpacks to more than it declared, so a lying header is caught
 * after at most the declared number of bytes.
 */
export async function assertSafeZip(path: string, limits: ZipLimits): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(path, { lazyEntries: true, validateEntrySizes: true, autoClose: true });
  } catch (error) {
    throw new SpreadsheetError(`not a valid .xlsx file (${(error as Error).message})`);
  }
  const openEntry = promisify(zip.openReadStream.bind(zip));
  let total = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("error", reject);
      zip.on("end", resolve);
      zip.on("entry", (entry: yauzl.Entry) => {
        void (async () => {
          total += entry.uncompressedSize;
          if (entry.isEncrypted()) throw new SpreadsheetError("the .xlsx file is encrypted");
          if (total > limits.maxUncompressedBytes) {
            throw new SpreadsheetError(`the .xlsx file unpacks to more than ${limits.maxUncompressedBytes} bytes (LEADPORT_IMPORT_MAX_BYTES); refusing a possible zip bomb`);
          }
          const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
          if (entry.uncompressedSize > RATIO_CHECK_FROM_BYTES && ratio > limits.maxRatio) {
            throw new SpreadsheetError(`the .xlsx entry ${entry.fileName} is compressed ${Math.round(ratio)}:1; refusing a possible zip bomb`);
          }
          if (!entry.fileName.endsWith("/")) {
            const stream = await openEntry(entry);
            await new Promise<void>((done, fail) => stream.on("end", done).on("error", fail).resume());
          }
          zip.readEntry();
        })().catch(reject);
      });
      zip.readEntry();
    });
  } catch (error) {
    zip.close();
    if (error instanceof SpreadsheetError) throw error;
    throw new SpreadsheetError(`not a valid .xlsx file (${(error as Error).message})`);
  }
}
