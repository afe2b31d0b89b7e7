import { inject, injectable } from "tsyringe";
import type { z } from "zod";
import { DEFAULT_SOURCE, DEFAULT_STATUS } from "../../domain/catalog/catalog.js";
import { hasIdentity, splitPersonName, type CustomerFacts } from "../../domain/customer/customer.js";
import { isEmail } from "../../domain/shared/text.js";
import { displayName } from "../../domain/customer/customer.js";
import {
  blankInquiry,
  fallbackTitle,
  inquiryIssues,
  mergeInquiryFields,
  withDefaultProjectAddress,
} from "../../domain/inquiry/inquiry.js";
import type { HoldReason } from "../../domain/inquiry/spam.js";
import type { Failure, FieldIssue } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { resolveCatalogEntry } from "./resolve-catalog-entry.js";
import { toCustomerView } from "../customers/customer-view.js";
import { resolveCustomer } from "../customers/resolve-customer.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork, WorkspaceTransaction } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { parseInput, validationFailure } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { toInquiryFields } from "./inquiry-fields.js";
import { CreateInquiryInput } from "./inquiry-schemas.js";
import { toInquiryView } from "./inquiry-view.js";
import { completeInquiry, recordWonTransition, type InquiryServices } from "./save-inquiry.js";
import { applyInquiryChanges, type InquiryWriteResult } from "./update-inquiry.js";

type ParsedCreate = z.output<typeof CreateInquiryInput>;

/** The customer facts of an inquiry: its `customer` object, completed from its contact. */
function customerFactsOf(input: ParsedCreate): CustomerFacts {
  const customer = input.customer ?? {};
  const hasOwnName = Boolean(customer.firstName || customer.lastName || customer.companyName);
  const fromContact = hasOwnName ? { firstName: null, lastName: null } : splitPersonName(input.contact?.name);
  return {
    kind: customer.type ?? null,
    salutation: customer.salutation,
    firstName: customer.firstName ?? fromContact.firstName,
    lastName: customer.lastName ?? fromContact.lastName,
    companyName: customer.companyName,
    email: customer.email ?? input.contact?.email,
    phone: customer.phone ?? input.contact?.phone,
    address: customer.address ?? input.address,
  };
}

/**
 * Whether the inquiry names its customer well enough to be matched or created: one that does not
 * fails in createInquiryIn (unless its external reference is known and it updates that inquiry).
 * Lets a batch writer guard exactly the rows that may fail while being written.
 */
export function identifiesCustomer(input: ParsedCreate): boolean {
  if (input.customer?.id !== undefined) return true;
  const facts = customerFactsOf(input);
  return hasIdentity(facts) && (!facts.email || isEmail(facts.email.trim()));
}

/** What to do with an inquiry whose external reference is already known for its source. */
export type KnownReference = "update" | "keep";

/**
 * Creates an inquiry, matching or creating its customer. An inquiry whose external reference
 * is already known for its source updates that inquiry instead, so senders can simply re-send;
 * with `known: "keep"` it is left as it is (an import without --update).
 */
export async function createInquiryIn(
  tx: WorkspaceTransaction,
  services: InquiryServices,
  input: ParsedCreate,
  known: KnownReference = "update",
  /**
   * `notify: false`: staff are not told of this one inquiry (an import tells them once); its
   * InquiryCreated is quiet and compact (ids only), and no CustomerCreated goes with it.
   */
  options: { readonly notify?: boolean; readonly holdReasons?: readonly HoldReason[] } = {},
): Promise<Result<InquiryWriteResult, Failure>> {
  const now = services.clock.now();
  const source = await resolveCatalogEntry(tx, services.ids, "source", input.source ?? DEFAULT_SOURCE, now);
  const externalRef = input.externalRef?.trim();
  if (externalRef) {
    const existing = await tx.inquiries.findByExternalRef(source.name, externalRef);
    if (existing) {
      if (known === "keep") return ok({ inquiry: existing, outcome: "unchanged" });
      const { customer: _ignoredOnUpsert, ...changes } = input;
      return applyInquiryChanges(tx, services, existing, { ...changes, source: source.name });
    }
  }
  const facts = customerFactsOf(input);
  const resolved = await resolveCustomer(tx, services.ids, facts, input.customer?.id, now, input.customer ? "customer" : "contact");
  if (!resolved.ok) return err(withOwnFieldIssues(resolved.error, input, tx.workspaceId, now));
  const { customer, match, created } = resolved.value;
  const status = await resolveCatalogEntry(tx, services.ids, "status", input.status ?? DEFAULT_STATUS, now);

  const contact = {
    name: input.contact?.name ?? (displayName(customer) || null),
    email: input.contact?.email ?? customer.email,
    phone: input.contact?.phone ?? customer.phone,
  };
  const blank = blankInquiry({ id: services.ids.newId(), workspaceId: tx.workspaceId, customerId: customer.id, customerMatch: match, now });
  let draft = mergeInquiryFields(blank, { ...toInquiryFields(input), contact });
  if (draft.title === "") draft = { ...draft, title: fallbackTitle(draft.contact, displayName(customer)) };
  draft = withDefaultProjectAddress(draft, customer.address);
  // Held for review: stored unscored; its InquiryCreated says so and notifies nobody (ReleaseInquiry does later).
  if (options.holdReasons && options.holdReasons.length > 0) draft = { ...draft, holdReasons: [...options.holdReasons] };

  const completed = await completeInquiry(tx, services, draft, status, source, input.comment);
  if (!completed.ok) return completed;
  const inquiry = completed.value;
  await tx.inquiries.insert(inquiry);
  if (options.notify === false) {
    await tx.outbox.add(quietInquiryCreated(services, tx.workspaceId, inquiry.id, customer.id, created));
  } else {
    if (created) {
      await tx.outbox.add(
        domainEvent(services.ids, services.clock, tx.workspaceId, "CustomerCreated", customer.id, { customer: toCustomerView(customer) }),
      );
    }
    await tx.outbox.add(domainEvent(services.ids, services.clock, tx.workspaceId, "InquiryCreated", inquiry.id, { inquiry: toInquiryView(inquiry) }));
  }
  await recordWonTransition(tx, services, null, inquiry);
  return ok({ inquiry, outcome: "created" });
}

/**
 * An inquiry nobody is told of one by one (an import row): one compact event with the ids, in
 * place of the full copies of inquiry and customer an announced inquiry carries. A consumer that
 * needs the record reads it by id; the outbox of a large import stays small, and it holds no
 * personal data to erase later.
 */
function quietInquiryCreated(services: InquiryServices, workspaceId: string, inquiryId: string, customerId: string, customerCreated: boolean) {
  return domainEvent(services.ids, services.clock, workspaceId, "InquiryCreated", inquiryId, {
    quiet: true,
    inquiry: { id: inquiryId, customerId },
    customerCreated,
  });
}

/**
 * A customer that fails validation stops the inquiry before it is assembled; the inquiry's own
 * field problems are added so a sender (or an import's error report) sees every reason at once.
 */
function withOwnFieldIssues(failure: Failure, input: ParsedCreate, workspaceId: string, now: Date): Failure {
  if (failure.code !== "validation_failed") return failure;
  const draft = mergeInquiryFields(
    blankInquiry({ id: "", workspaceId, customerId: "", customerMatch: "created", now }),
    toInquiryFields(input),
  );
  // The contact's e-mail is also the customer's: one bad address is one problem, under either path.
  const sameProblem = (issue: FieldIssue) => `${issue.path.split(".").pop()}|${issue.message}`;
  const seen = new Set((failure.issues ?? []).map(sameProblem));
  const more = inquiryIssues(draft).filter((issue) => issue.path !== "title" && !seen.has(sameProblem(issue)));
  return more.length === 0 ? failure : validationFailure([...(failure.issues ?? []), ...more]);
}

@injectable()
export class CreateInquiry {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  /** `holdReasons`: store it held for review as suspected spam (the contact form's judgement). */
  async execute(workspaceId: string, input: CreateInquiryInput, holdReasons: readonly HoldReason[] = []): Promise<Result<InquiryWriteResult, Failure>> {
    const parsed = parseInput(CreateInquiryInput, input);
    if (!parsed.ok) return parsed;
    return this.uow.run(workspaceId, (tx) => createInquiryIn(tx, { ids: this.ids, clock: this.clock }, parsed.value, "update", { holdReasons }));
  }
}
