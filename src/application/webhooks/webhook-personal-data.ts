import type { PersonalDataSection } from "../ports/personal-data-section.js";
import { WEBHOOKS } from "./webhook-store.js";

/**
 * The webhooks' share of a person's data: the queued and logged deliveries whose body carries one
 * of their records (found by the customer id each delivery is filed under, an indexed column).
 *
 * The export does not list them: a body is a copy of an event and its record, which the export
 * already shows. Retention leaves them to the deliveries' own rule: delivered and dead ones go
 * LEADPORT_WEBHOOK_KEEP_DAYS (30) after their last attempt; pending ones are retried for
 * LEADPORT_WEBHOOK_RETRY_HOURS (24) and are then dead. What a receiver was sent is its own.
 */
export const webhookPersonalData: PersonalDataSection = {
  name: "webhooks",
  gather: async () => null,
  async erase(tx, customer) {
    const deliveries = tx.use(WEBHOOKS).deliveries;
    let removed = 0;
    for (const customerId of [customer.id, ...(customer.mergedFrom ?? [])]) removed += await deliveries.deleteForCustomer(customerId);
    return { counts: { deliveries: removed } };
  },
};
