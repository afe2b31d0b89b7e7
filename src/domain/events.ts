/**
 * Domain events, recorded in the outbox in the same transaction as the change they describe.
 * Payloads are plain JSON so any consumer (mail, webhooks, accounting) can read them later.
 *
 * The event names form an interface so that a feature declares its own events in its own domain
 * file, without editing this one:
 *
 *     declare module "../events.js" {
 *       interface DomainEventTypes { SurveyAnswered: true }
 *     }
 */
export interface DomainEventTypes {
  InquiryCreated: true;
  InquiryUpdated: true;
  InquiryDeleted: true;
  InquiryReleased: true;
  InquiryWon: true;
  CustomerCreated: true;
  CustomerUpdated: true;
  CustomerDeleted: true;
  CustomerMerged: true;
  CustomerErased: true;
  TicketCreated: true;
  TicketClosed: true;
  OrderReceived: true;
  OrderAccepted: true;
  OrderRejected: true;
  StaffMailRequested: true;
  /** A feature asks the core to tell staff in the app; the payload is the notice, already in words. */
  StaffNoticeRequested: true;
  RetentionApplied: true;
  RetentionChanged: true;
  ApiKeyRateChanged: true;
  ScoreWeightsChanged: true;
  CatalogEntryChanged: true;
  CatalogEntryMerged: true;
  CatalogEntryDeleted: true;
  ImportFinished: true;
}

export type DomainEventType = keyof DomainEventTypes;

export interface DomainEvent {
  readonly id: string;
  readonly workspaceId: string;
  readonly type: DomainEventType;
  /** The record the event is about, so consumers can keep per-record order. */
  readonly aggregateId: string;
  readonly occurredAt: string;
  readonly payload: Readonly<Record<string, unknown>>;
}
