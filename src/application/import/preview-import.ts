import { invalid, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { RowSource } from "../ports/row-source.js";
import { suggestMapping, type ImportField, type ImportType } from "./import-mapping.js";
import { readHeader } from "./import-rows.js";
import { cellText, isBlankRow } from "./row-conversion.js";

/** What `--print-mapping` shows; the same JSON is accepted back as a mapping. */
export interface MappingPreview {
  readonly type: ImportType;
  readonly columns: Readonly<Record<string, ImportField | null>>;
  readonly unmapped: readonly string[];
  readonly sample: { readonly row: number; readonly values: Readonly<Record<string, string>> } | null;
}

/** Suggests a mapping from the header and shows it against the first data row; reads nothing else and writes nothing. */
export async function previewImport(source: RowSource, type: ImportType): Promise<Result<MappingPreview, Failure>> {
  const start = await readHeader(source);
  if (!start) return err(invalid("file", "has no header row: the file is empty"));
  const columns = suggestMapping(start.headers, type);
  let sample: MappingPreview["sample"] = null;
  for (let next = await start.rows.next(); !next.done; next = await start.rows.next()) {
    if (isBlankRow(next.value)) continue;
    const cells = next.value.cells;
    sample = {
      row: next.value.number,
      values: Object.fromEntries(start.headers.map((header, index) => [header, cellText(cells[index]) ?? ""])),
    };
    break;
  }
  await start.rows.return?.();
  const unmapped = Object.entries(columns).filter(([, field]) => field === null).map(([header]) => header);
  return ok({ type, columns, unmapped, sample });
}
