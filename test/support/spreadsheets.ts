import { writeFileSync } from "node:fs";
import { crc32, deflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import type { CellValue, RawRow, RowSource } from "../../src/application/ports/row-source.js";

/** Rows as a row source, numbered like a sheet (header = 1). */
export function rowsOf(rows: ReadonlyArray<readonly CellValue[]>): RowSource {
  return {
    async *[Symbol.asyncIterator](): AsyncGenerator<RawRow> {
      let number = 0;
      for (const cells of rows) yield { number: ++number, cells };
    },
  };
}

/** A CSV as German Excel saves it: semicolons, CRLF, Windows-1252. */
export function germanCsv(rows: ReadonlyArray<readonly string[]>): Buffer {
  return iconv.encode(`${rows.map((row) => row.join(";")).join("\r\n")}\r\n`, "win1252");
}

/** Writes a real .xlsx with exceljs; cells may be formulas with cached results and dates. */
export async function writeXlsx(path: string, sheets: Record<string, ReadonlyArray<readonly ExcelJS.CellValue[]>>): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow([...row]);
  }
  await workbook.xlsx.writeFile(path);
}

/**
 * A zip whose single entry inflates to `size` zero bytes: a zip bomb in miniature, declared
 * honestly in its headers (compression ratio about 1000:1).
 */
export function writeZipBomb(path: string, entryName = "xl/worksheets/sheet1.xml", size = 50 * 1024 * 1024): void {
  const data = Buffer.alloc(size);
  const compressed = deflateRawSync(data, { level: 9 });
  const name = Buffer.from(entryName, "utf8");
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(compressed.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(compressed.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(name.length, 28);
  const centralOffset = local.length + name.length + compressed.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  writeFileSync(path, Buffer.concat([local, name, compressed, central, name, end]));
}
