import { inject, injectable } from "tsyringe";
import type { Inquiry } from "../../domain/inquiry/inquiry.js";
import { invalid, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { decodeCursor, encodeCursor } from "../shared/cursor.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { ListInquiriesInput } from "./inquiry-schemas.js";
import { cursorFits, inquiryQueryOf } from "./inquiry-query.js";
import { DEFAULT_PAGE_SIZE } from "../shared/list-query.js";


export interface InquiryPage {
  readonly items: readonly Inquiry[];
  readonly nextCursor: string | null;
  /** Every inquiry matching the filters, on all pages together; counted in the page's snapshot. */
  readonly total: number;
}

@injectable()
export class ListInquiries {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async execute(workspaceId: string, input: ListInquiriesInput = {}): Promise<Result<InquiryPage, Failure>> {
    const parsed = parseInput(ListInquiriesInput, input);
    if (!parsed.ok) return parsed;
    const { limit, cursor, ...filters } = parsed.value;
    const query = inquiryQueryOf(filters, this.clock.now());
    const after = decodeCursor(cursor);
    if (after === "invalid" || (after !== null && query.sort && !cursorFits(after, query.sort))) {
      return err(invalid("cursor", "is not a cursor returned by this API for this sort"));
    }
    return this.uow.read(workspaceId, async (tx) => {
      const page = await tx.inquiries.list(query, { limit: limit ?? DEFAULT_PAGE_SIZE, after });
      const total = await tx.inquiries.count(query);
      return ok({ items: page.items, nextCursor: encodeCursor(page.next), total });
    });
  }
}

export { DEFAULT_PAGE_SIZE };
