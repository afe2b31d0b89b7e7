/**
 * Domain events, recorded in the outbox in the same transaction as the change they describe.
 * Payloads are plain JSON so any consumer (mail, webhooks, accounting) can read them later.
 */
export type DomainEventType =
  | "InquiryCreated"
  | "InquiryUpdated"
  | "InquiryDeleted"
  | "InquiryReleased"
  | "InquiryWon"
  | "CustomerCreated"
  | "TicketCreated"
  | "TicketClosed"
  | "OrderReceived"
  | "OrderAccepted"
  | "OrderRejected"
  | "StaffMailRequested"

  | "CustomerUpdated"
  | "CustomerDeleted"
  | "CustomerMerged"
  | "CustomerErased"
  | "RetentionApplied"
  | "RetentionChanged"
  | "ApiKeyRateChanged"
  | "ScoreWeightsChanged"
  | "CatalogEntryChanged"
  | "CatalogEntryMerged"
  | "CatalogEntryDeleted"
  | "ImportFinished";

export interface DomainEvent {
  readonly id: string;
  readonly workspaceId: string;
  readonly type: DomainEventType;
  /** The record the event is about, so consumers can keep per-record order. */
  readonly aggregateId: string;
  readonly occurredAt: string;
  readonly payload: Readonly<Record<string, unknown>>;
}
