import type { CatalogEntry } from "../catalog/catalog.js";
import { cleanAddress, blankToNull, type Address } from "../customer/address.js";
import type { CustomerMatchKind } from "../customer/matching.js";
import type { CalendarDate } from "../shared/dates.js";
import type { FieldIssue } from "../shared/failure.js";
import type { Cents } from "../shared/money.js";
import { isEmail } from "../shared/text.js";
import type { Locale } from "../shared/locale.js";
import { scoreLead, type ScoreWeights } from "./lead-score.js";
import type { HoldReason } from "./spam.js";
import { explainScoreReason, type ExplainedScoreReason } from "./score-reason-text.js";

export const URGENCIES = ["low", "normal", "high", "urgent"] as const;
export type Urgency = (typeof URGENCIES)[number];

export interface Contact {
  readonly name: string | null;
  readonly email: string | null;
  readonly phone: string | null;
}

export interface LogbookEntry {
  readonly id: string;
  readonly at: string;
  readonly author: string | null;
  readonly text: string;
}

/** An inquiry ("Anfrage"): one customer's request, from first contact until won or lost. */
export interface Inquiry {
  readonly id: string;
  readonly workspaceId: string;
  readonly title: string;
  readonly contact: Contact;
  readonly customerId: string;
  readonly customerMatch: CustomerMatchKind;
  readonly address: Address | null;
  /** Where the work happens; the customer's address unless the sender named another. */
  readonly projectAddress: Address | null;
  readonly status: string;
  readonly source: string;
  readonly expectedValueCents: Cents | null;
  readonly probability: number | null;
  readonly urgency: Urgency;
  /** E-mail of the staff member in charge. */
  readonly assignee: string | null;
  readonly followUpDate: CalendarDate | null;
  readonly expectedCloseDate: CalendarDate | null;
  readonly desiredStartDate: CalendarDate | null;
  readonly category: string | null;
  readonly budgetMinCents: Cents | null;
  readonly budgetMaxCents: Cents | null;
  readonly tags: readonly string[];
  readonly notes: string | null;
  readonly logbook: readonly LogbookEntry[];
  /** The sender's own id; unique per workspace and source, so re-sending upserts. */
  readonly externalRef: string | null;
  /** Score 0 with no reasons while the inquiry is held for review: suspected spam is not judged. */
  readonly leadScore: number;
  readonly leadScoreReasons: readonly ExplainedScoreReason[];
  /** Why the inquiry is held for review as suspected spam; empty when it is not held. */
  readonly holdReasons: readonly HoldReason[];
  readonly wonAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The fields a sender may set; `undefined` leaves a field as it is, `null` clears it. */
export interface InquiryFields {
  readonly title?: string;
  readonly contact?: Partial<Contact>;
  readonly address?: Partial<Address> | null;
  readonly projectAddress?: Partial<Address> | null;
  readonly expectedValueCents?: Cents | null;
  readonly probability?: number | null;
  readonly urgency?: Urgency;
  readonly assignee?: string | null;
  readonly followUpDate?: CalendarDate | null;
  readonly expectedCloseDate?: CalendarDate | null;
  readonly desiredStartDate?: CalendarDate | null;
  readonly category?: string | null;
  readonly budgetMinCents?: Cents | null;
  readonly budgetMaxCents?: Cents | null;
  readonly tags?: readonly string[];
  readonly notes?: string | null;
  readonly externalRef?: string | null;
}

export interface ScoringContext {
  readonly weights: ScoreWeights;
  readonly sourceWeight: number | null;
  readonly now: Date;
  /** The language the reasons are written in. */
  readonly locale: Locale;
}

/** Invariants that hold whatever the channel: checked on the merged result of a create or an update. */
export function inquiryIssues(inquiry: Inquiry): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (inquiry.title.trim() === "") issues.push({ path: "title", message: "must not be empty" });
  if (inquiry.contact.email !== null && !isEmail(inquiry.contact.email)) {
    issues.push({ path: "contact.email", message: "is not a valid e-mail address" });
  }
  if (inquiry.assignee !== null && !isEmail(inquiry.assignee)) {
    issues.push({ path: "assignee", message: "is not a valid e-mail address" });
  }
  if (inquiry.expectedValueCents !== null && inquiry.expectedValueCents < 0) {
    issues.push({ path: "expectedValue", message: "must not be negative" });
  }
  if (inquiry.probability !== null && (!Number.isInteger(inquiry.probability) || inquiry.probability < 0 || inquiry.probability > 100)) {
    issues.push({ path: "probability", message: "must be an integer from 0 to 100" });
  }
  for (const [path, cents] of [["budget.min", inquiry.budgetMinCents], ["budget.max", inquiry.budgetMaxCents]] as const) {
    if (cents !== null && cents < 0) issues.push({ path, message: "must not be negative" });
  }
  if (inquiry.budgetMinCents !== null && inquiry.budgetMaxCents !== null && inquiry.budgetMinCents > inquiry.budgetMaxCents) {
    issues.push({ path: "budget", message: "min must not exceed max" });
  }
  return issues;
}

export function cleanTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const tag of tags) {
    const trimmed = tag.trim().replace(/\s+/g, " ");
    const key = trimmed.toLowerCase();
    if (trimmed !== "" && !seen.has(key)) {
      seen.add(key);
      result.push(trimmed);
    }
  }
  return result;
}

function cleanContact(contact: Partial<Contact> | undefined, base: Contact): Contact {
  if (!contact) return base;
  return {
    name: contact.name === undefined ? base.name : blankToNull(contact.name),
    email: contact.email === undefined ? base.email : blankToNull(contact.email),
    phone: contact.phone === undefined ? base.phone : blankToNull(contact.phone),
  };
}

function pick<T>(next: T | undefined, current: T): T {
  return next === undefined ? current : next;
}

/** Merges changes into an inquiry without scoring or validating; {@link finalizeInquiry} does both. */
export function mergeInquiryFields(current: Inquiry, fields: InquiryFields): Inquiry {
  const address = fields.address === undefined ? current.address : cleanAddress(fields.address);
  return {
    ...current,
    title: fields.title === undefined ? current.title : fields.title.trim(),
    contact: cleanContact(fields.contact, current.contact),
    address,
    projectAddress: fields.projectAddress === undefined ? current.projectAddress : cleanAddress(fields.projectAddress),
    expectedValueCents: pick(fields.expectedValueCents, current.expectedValueCents),
    probability: pick(fields.probability, current.probability),
    urgency: pick(fields.urgency, current.urgency),
    assignee: fields.assignee === undefined ? current.assignee : (blankToNull(fields.assignee)?.toLowerCase() ?? null),
    followUpDate: pick(fields.followUpDate, current.followUpDate),
    expectedCloseDate: pick(fields.expectedCloseDate, current.expectedCloseDate),
    desiredStartDate: pick(fields.desiredStartDate, current.desiredStartDate),
    category: fields.category === undefined ? current.category : blankToNull(fields.category),
    budgetMinCents: pick(fields.budgetMinCents, current.budgetMinCents),
    budgetMaxCents: pick(fields.budgetMaxCents, current.budgetMaxCents),
    tags: fields.tags === undefined ? current.tags : cleanTags(fields.tags),
    notes: fields.notes === undefined ? current.notes : blankToNull(fields.notes),
    externalRef: fields.externalRef === undefined ? current.externalRef : blankToNull(fields.externalRef),
  };
}

/**
 * Applies the status rules and recomputes the score: a won status forces probability 100 and
 * stamps `wonAt` the first time it is reached; a lost status sets probability 0 (the deal is gone,
 * whatever was estimated before) and the score follows.
 */
export function finalizeInquiry(inquiry: Inquiry, status: CatalogEntry, source: CatalogEntry, scoring: ScoringContext): Inquiry {
  const won = status.isWon;
  const withStatus: Inquiry = {
    ...inquiry,
    status: status.name,
    source: source.name,
    probability: won ? 100 : status.isLost ? 0 : inquiry.probability,
    wonAt: won ? (inquiry.wonAt ?? scoring.now.toISOString()) : null,
  };
  if (withStatus.holdReasons.length > 0) return { ...withStatus, leadScore: 0, leadScoreReasons: [] };
  const score = scoreLead(
    {
      contact: {
        name: withStatus.contact.name !== null,
        email: withStatus.contact.email !== null,
        phone: withStatus.contact.phone !== null,
        address: withStatus.address !== null || withStatus.projectAddress !== null,
      },
      expectedValueCents: withStatus.expectedValueCents,
      probability: withStatus.probability,
      urgency: withStatus.urgency,
      budgetMinCents: withStatus.budgetMinCents,
      budgetMaxCents: withStatus.budgetMaxCents,
      desiredStartDate: withStatus.desiredStartDate,
      source: withStatus.source,
      sourceWeight: source.scoreWeight ?? scoring.sourceWeight,
    },
    scoring.weights,
    scoring.now,
  );
  return { ...withStatus, leadScore: score.total, leadScoreReasons: score.reasons.map((reason) => explainScoreReason(reason, scoring.locale)) };
}

export interface NewInquiryIdentity {
  readonly id: string;
  readonly workspaceId: string;
  readonly customerId: string;
  readonly customerMatch: CustomerMatchKind;
  readonly now: Date;
}

/** A blank inquiry that {@link mergeInquiryFields} and {@link finalizeInquiry} turn into a real one. */
export function blankInquiry(identity: NewInquiryIdentity): Inquiry {
  const timestamp = identity.now.toISOString();
  return {
    id: identity.id,
    workspaceId: identity.workspaceId,
    title: "",
    contact: { name: null, email: null, phone: null },
    customerId: identity.customerId,
    customerMatch: identity.customerMatch,
    address: null,
    projectAddress: null,
    status: "",
    source: "",
    expectedValueCents: null,
    probability: null,
    urgency: "normal",
    assignee: null,
    followUpDate: null,
    expectedCloseDate: null,
    desiredStartDate: null,
    category: null,
    budgetMinCents: null,
    budgetMaxCents: null,
    tags: [],
    notes: null,
    logbook: [],
    externalRef: null,
    leadScore: 0,
    leadScoreReasons: [],
    holdReasons: [],
    wonAt: null,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
}

/** Fills the project address from the inquiry's or the customer's address when the sender named none. */
export function withDefaultProjectAddress(inquiry: Inquiry, customerAddress: Address | null): Inquiry {
  if (inquiry.projectAddress !== null) return inquiry;
  return { ...inquiry, projectAddress: inquiry.address ?? customerAddress };
}

/** A title for inquiries that arrive without one (forms often send none). */
export function fallbackTitle(contact: Contact, customerName: string): string {
  const who = contact.name ?? (customerName || contact.email);
  return who ? `Anfrage von ${who}` : "Neue Anfrage";
}

export function addLogbookEntry(inquiry: Inquiry, entry: LogbookEntry): Inquiry {
  return { ...inquiry, logbook: [...inquiry.logbook, entry] };
}
