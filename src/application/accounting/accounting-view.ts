import { z } from "zod";
import { connectionView, type AccountingConnection, type AccountingSync } from "../../domain/accounting/accounting-sync.js";
import { centsToEuros } from "../../domain/shared/money.js";

const AddressView = z.object({ street: z.string(), zipcode: z.string(), city: z.string(), countryCode: z.string() });

export const AccountingConnectionViewSchema = z.object({
  provider: z.enum(["lexoffice", "file"]),
  state: z.enum(["connected", "broken"]).describe("broken: the accounting system refused the token; drafts wait for a reconnect"),
  brokenReason: z.string().nullable(),
  brokenAt: z.string().nullable(),
  vatRatePercent: z.number(),
  hasToken: z.boolean().describe("Whether a token is stored; the token itself is never shown"),
  connectedAt: z.string(),
  updatedAt: z.string(),
});
export type AccountingConnectionViewOut = z.output<typeof AccountingConnectionViewSchema>;

/**
 * Built per use: the status answer lists the same shape, and the API reference wants each route's
 * response schema whole rather than pointing into another route's.
 */
const syncViewSchema = () => z.object({
  inquiryId: z.string(),
  status: z
    .enum(["none", "pending", "sent", "failed", "needs_review"])
    .describe("none: not won, or no accounting system connected; needs_review: sent with placeholders, or refused by the accounting system"),
  provider: z.enum(["lexoffice", "file"]).nullable(),
  remoteContactId: z.string().nullable(),
  remoteQuoteId: z.string().nullable(),
  reason: z.string().nullable(),
  missingFields: z.array(z.string()),
  reviewReasons: z.array(z.string()),
  adjustments: z.array(z.string()),
  attempts: z.number().int(),
  customerDeleted: z.boolean(),
  quote: z
    .object({
      title: z.string(),
      reference: z.string(),
      contact: z.object({
        kind: z.enum(["person", "company"]),
        name: z.string(),
        email: z.string().nullable(),
        address: AddressView,
      }),
      lineItem: z.object({ name: z.string(), description: z.string().nullable(), quantity: z.number(), netAmount: z.number(), taxRatePercent: z.number() }),
    })
    .nullable()
    .describe("What is (or was) sent, in euros"),
  updatedAt: z.string().nullable(),
});
export const AccountingSyncViewSchema = syncViewSchema();
export type AccountingSyncView = z.output<typeof AccountingSyncViewSchema>;

export const AccountingStatusSchema = z.object({
  connection: AccountingConnectionViewSchema.nullable(),
  counts: z.record(z.string(), z.number().int()),
  syncs: z.array(syncViewSchema()),
});
export type AccountingStatusView = z.output<typeof AccountingStatusSchema>;

export function toConnectionView(connection: AccountingConnection): AccountingConnectionViewOut {
  return connectionView(connection);
}

export function toSyncView(sync: AccountingSync): AccountingSyncView {
  const { draft } = sync;
  const contact = draft.contact;
  const name = contact.kind === "company" ? contact.companyName : [contact.firstName, contact.lastName].filter(Boolean).join(" ");
  return {
    inquiryId: sync.inquiryId,
    status: sync.status,
    provider: sync.provider,
    remoteContactId: sync.remoteContactId,
    remoteQuoteId: sync.remoteQuoteId,
    reason: sync.reason,
    missingFields: [...draft.missingFields],
    reviewReasons: [...sync.reviewReasons],
    adjustments: [...draft.adjustments],
    attempts: sync.attempts,
    customerDeleted: sync.customerDeletedAt !== null,
    quote: {
      title: draft.title,
      reference: draft.reference,
      contact: { kind: contact.kind, name, email: contact.email, address: { ...contact.address } },
      lineItem: {
        name: draft.lineItem.name,
        description: draft.lineItem.description,
        quantity: draft.lineItem.quantity,
        netAmount: centsToEuros(draft.lineItem.netAmountCents),
        taxRatePercent: draft.lineItem.taxRatePercent,
      },
    },
    updatedAt: sync.updatedAt,
  };
}

/** An inquiry the bridge has no record of (yet). */
export function noSyncView(inquiryId: string, status: "none" | "pending", provider: AccountingSyncView["provider"]): AccountingSyncView {
  return {
    inquiryId,
    status,
    provider,
    remoteContactId: null,
    remoteQuoteId: null,
    reason: status === "pending" ? "Won; the quote draft is queued" : null,
    missingFields: [],
    reviewReasons: [],
    adjustments: [],
    attempts: 0,
    customerDeleted: false,
    quote: null,
    updatedAt: null,
  };
}
