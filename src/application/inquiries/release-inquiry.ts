import { inject, injectable } from "tsyringe";
import { conflict, notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { resolveCatalogEntry } from "./resolve-catalog-entry.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { TOKENS } from "../tokens.js";
import { toInquiryView, type InquiryView } from "./inquiry-view.js";
import { completeInquiry } from "./save-inquiry.js";

/**
 * A user judged a held inquiry to be real: it loses its hold, gets its score, joins the normal
 * list, and staff are told of it (InquiryReleased) as if it had just arrived.
 */
@injectable()
export class ReleaseInquiry {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async execute(workspaceId: string, inquiryId: string, actor: string | null = null): Promise<Result<InquiryView, Failure>> {
    return this.uow.run(workspaceId, async (tx) => {
      const held = await tx.inquiries.findById(inquiryId);
      if (!held) return err(notFound("inquiry"));
      if (held.holdReasons.length === 0) return err(conflict("The inquiry is not held for review."));
      const services = { ids: this.ids, clock: this.clock, actor };
      const now = this.clock.now();
      const status = await resolveCatalogEntry(tx, this.ids, "status", held.status, now);
      const source = await resolveCatalogEntry(tx, this.ids, "source", held.source, now);
      const completed = await completeInquiry(tx, services, { ...held, holdReasons: [] }, status, source, undefined, held.assignee);
      if (!completed.ok) return completed;
      const released = { ...completed.value, updatedAt: now.toISOString() };
      await tx.inquiries.update(released);
      const view = toInquiryView(released);
      await tx.outbox.add(domainEvent(this.ids, this.clock, workspaceId, "InquiryReleased", released.id, { inquiry: view }));
      return ok(view);
    });
  }
}
