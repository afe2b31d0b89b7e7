/** The business events a survey can follow, by their names in the API. */
export const TRIGGER_EVENTS = ["ticket.closed", "order.accepted", "inquiry.won"] as const;
export type TriggerEvent = (typeof TRIGGER_EVENTS)[number];

/** The outbox event each trigger listens to. */
export const TRIGGER_EVENT_TYPES = { "ticket.closed": "TicketClosed", "order.accepted": "OrderAccepted", "inquiry.won": "InquiryWon" } as const;

export const MAX_TRIGGER_DELAY_MINUTES = 60 * 24 * 30;

/** "When a ticket is closed, send survey S to its customer, D minutes later." */
export interface SurveyTrigger {
  readonly id: string;
  readonly workspaceId: string;
  readonly event: TriggerEvent;
  readonly surveyId: string;
  readonly delayMinutes: number;
  readonly createdAt: string;
}

export function triggerEventOf(eventType: string): TriggerEvent | null {
  for (const event of TRIGGER_EVENTS) if (TRIGGER_EVENT_TYPES[event] === eventType) return event;
  return null;
}
