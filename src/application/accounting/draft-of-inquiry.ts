import type { AccountingConnection } from "../../domain/accounting/accounting-sync.js";
import { buildQuoteDraft, type QuoteDraft } from "../../domain/accounting/quote-draft.js";
import type { Inquiry } from "../../domain/inquiry/inquiry.js";
import type { WorkspaceReader } from "../ports/unit-of-work.js";

/** An inquiry's quote draft from its current data and its customer's, or null without a customer. */
export async function draftOfInquiry(
  tx: Pick<WorkspaceReader, "customers">,
  inquiry: Inquiry,
  connection: AccountingConnection,
): Promise<{ readonly draft: QuoteDraft; readonly customerId: string } | null> {
  const customer = await tx.customers.findById(inquiry.customerId);
  if (!customer) return null;
  const draft = buildQuoteDraft(
    {
      inquiryId: inquiry.id,
      title: inquiry.title,
      category: inquiry.category,
      expectedValueCents: inquiry.expectedValueCents,
      customer: { ...customer, address: customer.address ?? inquiry.address },
    },
    connection.vatRatePercent,
  );
  return { draft, customerId: customer.id };
}
