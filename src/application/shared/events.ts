import type { DomainEvent, DomainEventType } from "../../domain/events.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";

export function domainEvent(
  ids: IdGenerator,
  clock: Clock,
  workspaceId: string,
  type: DomainEventType,
  aggregateId: string,
  payload: Record<string, unknown>,
): DomainEvent {
  return { id: ids.newId(), workspaceId, type, aggregateId, occurredAt: clock.now().toISOString(), payload };
}
