import { inject, injectable } from "tsyringe";
import type { Inquiry } from "../../domain/inquiry/inquiry.js";
import { invalid, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { InquiryQuery } from "../ports/repositories.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { decodeCursor, encodeCursor } from "../shared/cursor.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { ListInquiriesInput } from "./inquiry-schemas.js";

export const DEFAULT_PAGE_SIZE = 50;

export interface InquiryPage {
  readonly items: readonly Inquiry[];
  readonly nextCursor: string | null;
}

/** Date-only bounds are widened to whole days: "created before 2026-12-01" excludes that day. */
function boundary(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : new Date(value).toISOString();
}

@injectable()
export class ListInquiries {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string, input: ListInquiriesInput = {}): Promise<Result<InquiryPage, Failure>> {
    const parsed = parseInput(ListInquiriesInput, input);
    if (!parsed.ok) return parsed;
    const { limit, cursor, q, createdAfter, createdBefore, ...filters } = parsed.value;
    const after = decodeCursor(cursor);
    if (after === "invalid") return err(invalid("cursor", "is not a cursor returned by this API"));
    const query: InquiryQuery = {
      ...filters,
      text: q,
      createdAfter: boundary(createdAfter),
      createdBefore: boundary(createdBefore),
    };
    return this.uow.read(workspaceId, async (tx) => {
      const page = await tx.inquiries.list(query, { limit: limit ?? DEFAULT_PAGE_SIZE, after });
      return ok({ items: page.items, nextCursor: encodeCursor(page.next) });
    });
  }
}
