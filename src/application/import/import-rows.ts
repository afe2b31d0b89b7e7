import { inject, injectable } from "tsyringe";
import type { Failure } from "../../domain/shared/failure.js";
import { invalid } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { CustomerInput, CreateInquiryInput } from "../inquiries/inquiry-schemas.js";
import { createInquiryIn, identifiesCustomer } from "../inquiries/create-inquiry.js";
import type { InquiryServices } from "../inquiries/save-inquiry.js";
import type { InquiryWriteOutcome } from "../inquiries/update-inquiry.js";
import { upsertCustomerIn } from "../customers/upsert-customer.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { RawRow, RowSource } from "../ports/row-source.js";
import type { Scheduler } from "../ports/scheduler.js";
import type { Secrets } from "../ports/secrets.js";
import type { UnitOfWork, WorkspaceTransaction } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import {
  ImportMappingInput,
  resolveMapping,
  suggestMapping,
  type ImportField,
  type ImportType,
  type ResolvedMapping,
} from "./import-mapping.js";
import { cellText, customerFactsOf, fieldOfIssue, inquiryInputOf, isBlankRow, type RowIssue } from "./row-conversion.js";

/** The source an imported inquiry gets when its row names none. */
export const DEFAULT_IMPORT_SOURCE = "Import";
/**
 * Rows per transaction: enough to share one commit's fsync, few enough that the write lock is held
 * for tens of milliseconds (a couple of thousand rows a second), so a server running beside the
 * import gets the lock between two batches well within its wait.
 */
export const DEFAULT_BATCH_SIZE = 100;

export interface ImportOptions {
  readonly type?: ImportType;
  /** Column → field; without it the columns are mapped from their headers. */
  readonly mapping?: ImportMappingInput;
  /** Run every row through validation and matching, then roll every batch back. */
  readonly dryRun?: boolean;
  /** Apply changed rows to the records an earlier import made; without it those rows are left alone. */
  readonly update?: boolean;
  readonly source?: string;
  /**
   * Tell staff of every imported inquiry, as if it came in through the API. Default false: an
   * import is silent row by row, and staff get one summary notification when it ends.
   */
  readonly notify?: boolean;
  readonly batchSize?: number;
  readonly onProgress?: (rowsDone: number) => void;
  readonly onFailedRow?: (row: FailedRow, headers: readonly string[]) => void | Promise<void>;
  /** A row that went in with something left out (e.g. an assignee who is not on the staff). */
  readonly onRowWarnings?: (row: FailedRow, headers: readonly string[]) => void | Promise<void>;
}

/** Whether a row was refused ("error") or went in without the named field ("warning"). */
export type IssueSeverity = "error" | "warning";

/** A reported row with everything the error report shows: where, why, and the row as it was. */
export interface FailedRow {
  readonly number: number;
  readonly severity: IssueSeverity;
  readonly issues: ReadonlyArray<{ readonly column: string | null; readonly message: string }>;
  readonly values: readonly string[];
}

export interface ImportSummary {
  readonly type: ImportType;
  readonly dryRun: boolean;
  readonly headers: readonly string[];
  readonly columns: Readonly<Record<string, ImportField | null>>;
  readonly rows: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly failed: number;
  /** Rows that went in, but without a field they named (each listed in the report as a warning). */
  readonly warnings: number;
}

interface WrittenRow {
  readonly outcome: InquiryWriteOutcome;
  /** Fields left out of a row that was otherwise written. */
  readonly warnings: readonly RowIssue[];
}

type RowOutcome = (WrittenRow & { readonly row: RawRow }) | FailedRow;

/**
 * How a batch writes its rows. "direct": no savepoints; a row is validated and converted before
 * it is written, and one that still fails while writing rolls the whole batch back, which is then
 * written again "guarded", each row in a savepoint, so that only that row is left out.
 */
type WriteMode = "direct" | "guarded";

/** A row failed half-way through a direct write: the batch must go again, guarded. */
const FAILED_WHILE_WRITING = Symbol("failed while writing");

type BatchStop = { readonly dryRun: RowOutcome[] } | typeof FAILED_WHILE_WRITING;

/** The header row and the rows after it, pulled from one iterator so nothing is read twice. */
export async function readHeader(source: RowSource): Promise<{ headers: string[]; rows: AsyncIterator<RawRow> } | null> {
  const rows = source[Symbol.asyncIterator]();
  for (let next = await rows.next(); !next.done; next = await rows.next()) {
    if (!isBlankRow(next.value)) return { headers: next.value.cells.map((cell) => cellText(cell) ?? ""), rows };
  }
  return null;
}

interface RowContext {
  readonly type: ImportType;
  readonly mapping: ResolvedMapping;
  readonly update: boolean;
  readonly source: string;
  readonly notify: boolean;
}

/**
 * Imports the rows of a spreadsheet through the same logic as the API (customer matching,
 * catalogs, lead score, events). Rows are written in batches, one transaction each. A row is
 * validated and converted before it is written, so a bad row is refused without touching the
 * database; savepoints (which make SQLite copy every touched page once more) are used only for
 * rows that already failed to convert (run through the use case for a complete report, then
 * undone) and for a batch in which a valid row still failed while being written.
 */
/** The logbook's author for changes an import makes. */
export const IMPORT_ACTOR = "import";

@injectable()
export class ImportRows {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(TOKENS.Secrets) private readonly secrets: Secrets,
    @inject(TOKENS.Scheduler) private readonly scheduler: Scheduler,
  ) {}

  async execute(workspaceId: string, source: RowSource, options: ImportOptions = {}): Promise<Result<ImportSummary, Failure>> {
    const mappingInput = options.mapping === undefined ? null : parseInput(ImportMappingInput, options.mapping);
    if (mappingInput && !mappingInput.ok) return mappingInput;
    const type = options.type ?? mappingInput?.value.type ?? "inquiries";
    const start = await readHeader(source);
    if (!start) return err(invalid("file", "has no header row: the file is empty"));
    const columns = mappingInput?.value.columns ?? suggestMapping(start.headers, type);
    const mapping = resolveMapping(start.headers, columns, type);
    if (!mapping.ok) return mapping;
    const context: RowContext = {
      type,
      mapping: mapping.value,
      update: options.update ?? false,
      source: options.source ?? DEFAULT_IMPORT_SOURCE,
      notify: options.notify ?? false,
    };

    const counts = { rows: 0, created: 0, updated: 0, unchanged: 0, failed: 0, warnings: 0 };
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    let batch: RawRow[] = [];
    const flush = async () => {
      const outcomes = await this.importBatch(workspaceId, batch, context, options.dryRun ?? false);
      for (const outcome of outcomes) {
        counts.rows += 1;
        if ("outcome" in outcome) {
          counts[outcome.outcome] += 1;
          if (outcome.warnings.length > 0) {
            counts.warnings += 1;
            await options.onRowWarnings?.(reportedRow(outcome.row, context, outcome.warnings, "warning"), start.headers);
          }
        } else {
          counts.failed += 1;
          await options.onFailedRow?.(outcome, start.headers);
        }
      }
      batch = [];
      options.onProgress?.(counts.rows);
      // An import through the library shares the process with whatever else runs there.
      await this.scheduler.yield();
    };
    for (let next = await start.rows.next(); !next.done; next = await start.rows.next()) {
      if (isBlankRow(next.value)) continue;
      batch.push(next.value);
      if (batch.length >= batchSize) await flush();
    }
    if (batch.length > 0) await flush();
    const summary: ImportSummary = { type, dryRun: options.dryRun ?? false, headers: start.headers, columns, ...counts };
    // Staff hear of inquiries that came in; a re-run that changed nothing (or only failed again) has nothing to tell them.
    if (!summary.dryRun && summary.created + summary.updated > 0) await this.announce(workspaceId, summary);
    return ok(summary);
  }

  /** One outbox event for the whole import, in its own transaction: staff hear of it once. */
  private async announce(workspaceId: string, summary: ImportSummary): Promise<void> {
    const { type, rows, created, updated, unchanged, failed, warnings } = summary;
    await this.uow.run(workspaceId, async (tx) => {
      await tx.outbox.add(
        domainEvent(this.ids, this.clock, workspaceId, "ImportFinished", this.ids.newId(), {
          import: { type, rows, created, updated, unchanged, failed, warnings },
        }),
      );
      return ok(undefined);
    });
  }

  private async importBatch(workspaceId: string, rows: readonly RawRow[], context: RowContext, dryRun: boolean): Promise<RowOutcome[]> {
    return (await this.writeBatch(workspaceId, rows, context, dryRun, "direct")) ?? (await this.writeBatch(workspaceId, rows, context, dryRun, "guarded")) ?? [];
  }

  /**
   * One transaction per batch; a dry run returns its outcomes as the "failure" that rolls it back.
   * Null when a direct write must be repeated guarded (nothing of the batch was kept).
   */
  private async writeBatch(workspaceId: string, rows: readonly RawRow[], context: RowContext, dryRun: boolean, mode: WriteMode): Promise<RowOutcome[] | null> {
    const result = await this.uow.run<RowOutcome[], BatchStop>(workspaceId, async (tx) => {
      const outcomes: RowOutcome[] = [];
      for (const row of rows) {
        const outcome = await this.importRow(tx, row, context, mode);
        if (outcome === FAILED_WHILE_WRITING) return err(FAILED_WHILE_WRITING);
        outcomes.push(outcome);
      }
      return dryRun ? err({ dryRun: outcomes }) : ok(outcomes);
    });
    if (result.ok) return result.value;
    return result.error === FAILED_WHILE_WRITING ? null : result.error.dryRun;
  }

  private async importRow(tx: WorkspaceTransaction, row: RawRow, context: RowContext, mode: WriteMode): Promise<RowOutcome | typeof FAILED_WHILE_WRITING> {
    const services: InquiryServices = { ids: this.ids, clock: this.clock, actor: IMPORT_ACTOR };
    const written =
      context.type === "customers"
        ? await this.writeCustomer(tx, services, row, context, mode)
        : await this.writeInquiry(tx, services, row, context, mode);
    if (written === FAILED_WHILE_WRITING) return written;
    if (written.ok) return { ...written.value, row };
    return reportedRow(row, context, written.error, "error");
  }

  private async writeInquiry(
    tx: WorkspaceTransaction,
    services: InquiryServices,
    row: RawRow,
    context: RowContext,
    mode: WriteMode,
  ): Promise<Result<WrittenRow, readonly RowIssue[]> | typeof FAILED_WHILE_WRITING> {
    const converted = inquiryInputOf(context.mapping, row, context.source, (text) => this.secrets.hash(text));
    const parsed = parseInput(CreateInquiryInput, converted.input);
    if (!parsed.ok) return err([...converted.issues, ...(parsed.error.issues ?? []).map(fieldOfIssue)]);
    let input = parsed.value;
    // A row imported by an older release carries that release's key: keep finding it by that one.
    if (converted.legacyKey && input.externalRef && (await tx.inquiries.findByExternalRef(input.source ?? context.source, converted.legacyKey))) {
      input = { ...input, externalRef: converted.legacyKey };
    }
    const warnings: RowIssue[] = [];
    // Old CRM exports name people who have left or were never staff here: the row is worth
    // keeping, the assignee is not, and the report says what was left out.
    if (input.assignee && !(await tx.staff.findByEmail(input.assignee))) {
      warnings.push({ field: "assignee", message: `"${input.assignee}" is not a staff member of this workspace; imported without assignee` });
      input = { ...input, assignee: undefined };
    }
    // A row without a usable customer identity fails in the use case: write it guarded, not the batch twice.
    const written = await writeRow(tx, identifiesCustomer(input) ? mode : "guarded", converted.issues, () =>
      createInquiryIn(tx, services, input, context.update ? "update" : "keep", { notify: context.notify }),
    );
    if (written === FAILED_WHILE_WRITING) return written;
    return written.ok ? ok({ outcome: written.value, warnings }) : written;
  }

  private async writeCustomer(
    tx: WorkspaceTransaction,
    services: InquiryServices,
    row: RawRow,
    context: RowContext,
    mode: WriteMode,
  ): Promise<Result<WrittenRow, readonly RowIssue[]> | typeof FAILED_WHILE_WRITING> {
    const converted = customerFactsOf(context.mapping, row);
    const parsed = parseInput(CustomerInput, converted.input);
    if (!parsed.ok) return err([...converted.issues, ...(parsed.error.issues ?? []).map(fieldOfIssue)]);
    const written = await writeRow(tx, mode, converted.issues, () => upsertCustomerIn(tx, services, parsed.value, context.update));
    if (written === FAILED_WHILE_WRITING) return written;
    return written.ok ? ok({ outcome: written.value, warnings: [] }) : written;
  }
}

/** A row for the report, its issues named by the file's own column headers. */
function reportedRow(row: RawRow, context: RowContext, issues: readonly RowIssue[], severity: IssueSeverity): FailedRow {
  const { headers, columnOf } = context.mapping;
  const columnName = (field: ImportField | null) => {
    const index = field === null ? undefined : columnOf.get(field);
    return index === undefined ? null : (headers[index] ?? null);
  };
  return {
    number: row.number,
    severity,
    issues: issues.map((issue) => ({ column: columnName(issue.field), message: issue.message })),
    values: row.cells.map((cell) => cellText(cell) ?? ""),
  };
}

/**
 * Writes one valid row directly, or in a savepoint where its write may fail and must be undone
 * alone: a guarded batch, or a row whose cells already failed to convert. Such a row is still
 * run through the use case, so the report names every problem at once, and then rolled back.
 */
async function writeRow(
  tx: WorkspaceTransaction,
  mode: WriteMode,
  conversionIssues: readonly RowIssue[],
  write: () => Promise<Result<{ outcome: InquiryWriteOutcome }, Failure>>,
): Promise<Result<InquiryWriteOutcome, readonly RowIssue[]> | typeof FAILED_WHILE_WRITING> {
  if (mode === "guarded" || conversionIssues.length > 0) return inSavepoint(tx, conversionIssues, write);
  const written = await write();
  return written.ok ? ok(written.value.outcome) : FAILED_WHILE_WRITING;
}

/** Writes one row in a savepoint, so that a failure undoes it alone. */
async function inSavepoint(
  tx: WorkspaceTransaction,
  conversionIssues: readonly RowIssue[],
  write: () => Promise<Result<{ outcome: InquiryWriteOutcome }, Failure>>,
): Promise<Result<InquiryWriteOutcome, readonly RowIssue[]>> {
  return tx.savepoint(async () => {
    const written = await write();
    if (!written.ok) return err([...conversionIssues, ...issuesOf(written.error)]);
    return conversionIssues.length > 0 ? err(conversionIssues) : ok(written.value.outcome);
  });
}

function issuesOf(failure: Failure): RowIssue[] {
  return failure.issues?.length ? failure.issues.map(fieldOfIssue) : [{ field: null, message: failure.message }];
}
