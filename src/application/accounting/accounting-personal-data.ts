import { CONTACT_KEPT_NOTE, type AccountingSync } from "../../domain/accounting/accounting-sync.js";
import type { Customer } from "../../domain/customer/customer.js";
import type { Clock } from "../ports/clock.js";
import type { PersonalDataSection } from "../ports/personal-data-section.js";
import type { WorkspaceTransaction } from "../ports/unit-of-work.js";
import { ACCOUNTING } from "./accounting-store.js";
import { toSyncView } from "./accounting-view.js";

const ERASED = "[gelöscht]";
const ERASED_CONTACT_DETAILS = {
  companyName: ERASED,
  salutation: null,
  firstName: null,
  lastName: ERASED,
  email: null,
  phone: null,
  address: { street: ERASED, zipcode: ERASED, city: ERASED, countryCode: "DE" },
};

async function syncsOf(tx: WorkspaceTransaction, customer: Customer): Promise<AccountingSync[]> {
  const syncs: AccountingSync[] = [];
  for (const customerId of [customer.id, ...(customer.mergedFrom ?? [])]) syncs.push(...(await tx.use(ACCOUNTING).listSyncsOfCustomer(customerId)));
  return syncs;
}

/**
 * The accounting bridge's share of a person's data: the quote drafts built from their won
 * inquiries, with the contact details sent to (or waiting for) the accounting system.
 *
 * An erasure strips the person's details from the stored drafts and keeps the record with the
 * remote ids only: the Lexware Office API does not allow deleting contacts, so the contact in the
 * accounting system stays, and the record says so (CONTACT_KEPT_NOTE). Nothing is forwarded.
 * Accounting records are kept as long as the business keeps its books, so retention leaves them.
 */
export function accountingPersonalData(clock: Clock): PersonalDataSection {
  return {
    name: "accounting",
    async gather(tx, customer) {
      const syncs = await syncsOf(tx, customer);
      return syncs.length === 0 ? null : { quoteDrafts: syncs.map(toSyncView) };
    },
    async erase(tx, customer) {
      const store = tx.use(ACCOUNTING);
      const at = clock.now().toISOString();
      const syncs = await syncsOf(tx, customer);
      for (const sync of syncs) {
        const draft = { ...sync.draft, contact: { ...sync.draft.contact, ...ERASED_CONTACT_DETAILS } };
        await store.saveSync({ ...sync, draft, customerDeletedAt: sync.customerDeletedAt ?? at, reason: CONTACT_KEPT_NOTE, updatedAt: at });
      }
      return { counts: { quoteDraftsStripped: syncs.length } };
    },
  };
}
