import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { NotificationSettings } from "../notifications/notify-staff.js";
import type { Clock } from "../ports/clock.js";
import type { PersonalDataSections } from "../ports/personal-data-section.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { gatherPersonalData, type PersonalData } from "./personal-data.js";

/** Everything held about one person, the features' sections included, read in one transaction so the export is consistent (Art. 15/20 GDPR). */
@injectable()
export class ExportCustomerData {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.NotificationSettings) private readonly settings: NotificationSettings,
    @inject(TOKENS.PersonalDataSections) private readonly features: PersonalDataSections,
  ) {}

  async execute(workspaceId: string, customerId: string): Promise<Result<{ data: PersonalData; exportedAt: Date }, Failure>> {
    return this.uow.run(workspaceId, async (tx) => {
      const customer = await tx.customers.findById(customerId);
      if (!customer) return err(notFound("customer"));
      return ok({ data: await gatherPersonalData(tx, customer, this.settings.messageIdDomain, this.features), exportedAt: this.clock.now() });
    });
  }
}
