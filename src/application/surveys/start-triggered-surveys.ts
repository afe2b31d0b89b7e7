import { inject, injectable } from "tsyringe";
import { z } from "zod";
import { emailKeyOf } from "../../domain/customer/customer.js";
import { ok } from "../../domain/shared/result.js";
import type { Participant } from "../../domain/survey/invitation.js";
import { TRIGGER_EVENT_TYPES, triggerEventOf, type TriggerEvent } from "../../domain/survey/trigger.js";
import type { OutboxHandler } from "../outbox/outbox-handler.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { OutboxMessage } from "../ports/outbox-queue.js";
import type { Secrets } from "../ports/secrets.js";
import type { UnitOfWork, WorkspaceTransaction } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { admitInto, newDispatch, recordDispatched } from "./admission.js";
import { SURVEYS } from "./survey-store.js";

/*
 * The payloads of the events a trigger follows, as their producers write them. Only what names
 * the person is read; other fields are ignored.
 */
const Person = { id: z.string(), email: z.string().nullish(), name: z.string().nullish(), customerId: z.string().nullish() };
const TriggerPayload = z.union([
  z.object({ ticket: z.object(Person) }).transform(({ ticket }) => ticket),
  z.object({ order: z.object(Person) }).transform(({ order }) => order),
  z
    .object({ inquiry: z.object({ id: z.string(), customerId: z.string().nullish(), assignee: z.string().nullish(), contact: z.object({ name: z.string().nullish(), email: z.string().nullish() }).nullish() }) })
    .transform(({ inquiry }) => ({ id: inquiry.id, customerId: inquiry.customerId, email: inquiry.contact?.email, name: inquiry.contact?.name, assignee: inquiry.assignee })),
]);

/** The customer involved in the event, as a participant; null when there is nobody to ask. */
async function participantOf(tx: WorkspaceTransaction, event: TriggerEvent, message: OutboxMessage): Promise<{ participant: Participant; recordId: string } | null> {
  const parsed = TriggerPayload.safeParse(message.payload);
  if (!parsed.success) return null;
  const person = parsed.data;
  const customer = person.customerId ? await tx.customers.findById(person.customerId) : null;
  const email = customer?.email ?? person.email ?? null;
  if (!email || !emailKeyOf({ email })) return null;
  const byEmail = customer ?? (await tx.customers.findByEmailKey(emailKeyOf({ email })!));
  const customerName = byEmail ? [byEmail.firstName, byEmail.lastName].filter(Boolean).join(" ") || byEmail.companyName || "" : "";
  const variables: Record<string, string> = { trigger: event };
  if ("assignee" in person && person.assignee) {
    const agent = await tx.staff.findByEmail(person.assignee.trim().toLowerCase());
    if (agent) variables.agent = agent.name;
  }
  return { participant: { email, name: customerName || person.name?.trim() || "", customerId: byEmail?.id ?? null, variables }, recordId: person.id };
}

/**
 * Starts the surveys a workspace's trigger rules ask for when a ticket is closed, an order
 * accepted or an inquiry won: a personal dispatch to the customer involved, sent after the rule's
 * delay, or recorded as skipped by the quarantine with the date they become eligible. A
 * redelivered event finds its dispatch already there and starts nothing new.
 */
@injectable()
export class StartTriggeredSurveys implements OutboxHandler {
  readonly name = "surveys.start-triggered";
  readonly eventTypes = Object.values(TRIGGER_EVENT_TYPES);

  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(TOKENS.Secrets) private readonly secrets: Secrets,
  ) {}

  async handle(message: OutboxMessage): Promise<void> {
    const event = triggerEventOf(message.type);
    if (!event) return;
    const services = { clock: this.clock, ids: this.ids, secrets: this.secrets };
    await this.uow.run(message.workspaceId, async (tx) => {
      const store = tx.use(SURVEYS);
      const triggers = await store.triggers.listByEvent(event);
      if (triggers.length === 0) return ok(null);
      const found = await participantOf(tx, event, message);
      if (!found) return ok(null);
      for (const trigger of triggers) {
        if (await store.dispatches.findByTriggerEvent(trigger.id, message.id)) continue;
        const survey = await store.surveys.findById(trigger.surveyId);
        if (!survey) continue;
        const dispatch = newDispatch(services, tx.workspaceId, survey, "personal", { kind: "trigger", triggerId: trigger.id, event, recordId: found.recordId, eventId: message.id });
        await store.dispatches.insert(dispatch);
        const sendAt = new Date(this.clock.now().getTime() + trigger.delayMinutes * 60_000);
        const admitted = await admitInto(tx, services, survey, dispatch, [found.participant], sendAt);
        await recordDispatched(tx, services, "SurveyDispatched", dispatch, admitted);
      }
      return ok(null);
    });
  }
}
