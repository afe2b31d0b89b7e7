import { inject, injectable } from "tsyringe";
import type { z } from "zod";
import type { Failure, FieldIssue } from "../../domain/shared/failure.js";
import { holdReasonsOf, NO_SPAM_RULES, type HoldReason, type SpamRules } from "../../domain/inquiry/spam.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import { TOKENS } from "../tokens.js";
import { CreateInquiry } from "../inquiries/create-inquiry.js";
import type { CreateInquiryInput } from "../inquiries/inquiry-schemas.js";
import { parseInput, validationFailure } from "../shared/validation.js";
import {
  CONSENT_FIELD,
  CONSENT_NOTE,
  DEFAULT_FORM_SOURCE,
  ExtraFieldValue,
  FORM_FIELD_TARGETS,
  FormInquiryFields,
  HONEYPOT_FIELD,
  KEY_FIELD,
  LOADED_FIELD,
  MAX_EXTRA_FIELDS,
} from "./form-inquiry-schemas.js";

export interface FormSubmission {
  /** The submitted fields as received (strings from HTML forms, any JSON values from scripts). */
  readonly fields: Readonly<Record<string, unknown>>;
  /** Names of uploaded files the form carried; files are not stored, their names are noted. */
  readonly discardedFiles?: readonly string[];
  /** Refuse the submission unless the consent checkbox was ticked (a site's privacy policy may demand it). */
  readonly requireConsent?: boolean;
  /** What makes a submission suspected spam, held for review instead of notifying staff. */
  readonly spamRules?: SpamRules;
}

export type FormOutcome =
  /** Stored; `held` lists why it is held for review as suspected spam (empty: a normal inquiry). */
  | { readonly outcome: "created"; readonly inquiryId: string; readonly held: readonly HoldReason[] }
  /** The honeypot was filled in and the rest is invalid too: answered like a success, nothing stored. */
  | { readonly outcome: "discarded" };

type ParsedFields = z.output<typeof FormInquiryFields>;
type ExtraValue = z.output<typeof ExtraFieldValue>;

const KNOWN_FIELDS = new Set([...Object.keys(FORM_FIELD_TARGETS), KEY_FIELD, HONEYPOT_FIELD, CONSENT_FIELD, LOADED_FIELD]);
const TARGET_TO_FIELD = new Map(Object.entries(FORM_FIELD_TARGETS).map(([field, target]) => [target, field]));

/**
 * HTML forms send every empty input as ""; an empty optional field means "not given". Field names
 * come from a visitor, so they live in a Map: `__proto__` or `constructor` are ordinary names.
 */
function withoutBlankFields(fields: Readonly<Record<string, unknown>>): Map<string, unknown> {
  const result = new Map<string, unknown>();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === "string" && value.trim() === "") continue;
    result.set(name, value);
  }
  return result;
}

/**
 * The site's own fields, checked one by one rather than through the schema's catch-all, which
 * would silently drop a field called `__proto__`.
 */
function checkedExtras(fields: ReadonlyMap<string, unknown>): Result<Array<readonly [string, ExtraValue]>, Failure> {
  const extras: Array<readonly [string, ExtraValue]> = [];
  const issues: FieldIssue[] = [];
  for (const [name, value] of fields) {
    if (KNOWN_FIELDS.has(name)) continue;
    const parsed = ExtraFieldValue.safeParse(value);
    if (parsed.success) extras.push([name, parsed.data]);
    else issues.push({ path: name, message: parsed.error.issues[0]?.message ?? "is invalid" });
  }
  if (issues.length > 0) return err(validationFailure(issues));
  if (extras.length > MAX_EXTRA_FIELDS) {
    return err(validationFailure([{ path: "(body)", message: `must have at most ${MAX_EXTRA_FIELDS} additional fields` }]));
  }
  return ok(extras);
}

function notesOf(fields: ParsedFields, extras: ReadonlyArray<readonly [string, ExtraValue]>, discardedFiles: readonly string[]): string {
  const parts = [fields.message];
  if (extras.length > 0) parts.push(extras.map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(", ") : String(value)}`).join("\n"));
  if (fields[CONSENT_FIELD] !== undefined && fields[CONSENT_FIELD] !== false) parts.push(CONSENT_NOTE);
  if (discardedFiles.length > 0) parts.push(`Nicht übernommene Dateien: ${discardedFiles.join(", ")}`);
  return parts.join("\n\n");
}

function toCreateInquiryInput(
  fields: ParsedFields,
  extras: ReadonlyArray<readonly [string, ExtraValue]>,
  discardedFiles: readonly string[],
): CreateInquiryInput {
  const hasAddress = Boolean(fields.street || fields.zipcode || fields.city);
  return {
    title: fields.subject,
    contact: { name: fields.name, email: fields.email, phone: fields.phone },
    address: hasAddress ? { street: fields.street, zipcode: fields.zipcode, city: fields.city } : undefined,
    category: fields.category,
    source: fields.source ?? DEFAULT_FORM_SOURCE,
    notes: notesOf(fields, extras, discardedFiles),
  };
}

/** The page's load time; anything that is not a plausible epoch-milliseconds number counts as absent. */
function loadedAtOf(value: unknown): number | null {
  const ms = typeof value === "number" ? value : typeof value === "string" && /^\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : NaN;
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

function textsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(textsOf);
  return typeof value === "string" ? [value] : [];
}

/** Errors of the mapped input name the form field the visitor filled in, not the internal path. */
function inFormTerms(failure: Failure): Failure {
  if (failure.code !== "validation_failed" || !failure.issues) return failure;
  return validationFailure(
    failure.issues.map((issue): FieldIssue => ({ ...issue, path: TARGET_TO_FIELD.get(issue.path) ?? issue.path })),
  );
}

/**
 * A website visitor's inquiry: checked as flat form fields, then created through CreateInquiry
 * exactly like an API call (same matching, scoring, defaults, events).
 */
@injectable()
export class SubmitFormInquiry {
  constructor(
    @inject(CreateInquiry) private readonly createInquiry: CreateInquiry,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async execute(workspaceId: string, submission: FormSubmission): Promise<Result<FormOutcome, Failure>> {
    const fields = withoutBlankFields(submission.fields);
    const honeypotFilled = fields.get(HONEYPOT_FIELD) !== undefined;
    // Only known names reach the object the schema reads; they are fixed literals, never a prototype key.
    const known = Object.fromEntries([...fields].filter(([name]) => KNOWN_FIELDS.has(name)));
    const parsed = parseInput(FormInquiryFields, known);
    const extras = checkedExtras(fields);
    const consentGiven = fields.get(CONSENT_FIELD) !== undefined && fields.get(CONSENT_FIELD) !== false;
    const consentIssues = submission.requireConsent && !consentGiven ? [{ path: CONSENT_FIELD, message: "is required" }] : [];
    if (!parsed.ok || !extras.ok || consentIssues.length > 0) {
      // A bot that filled the honeypot learns nothing from the answer, not even which fields it got wrong.
      if (honeypotFilled) return ok({ outcome: "discarded" });
      // Every problem at once: the visitor fixes the form in one go, not field after field.
      const issues = [
        ...(parsed.ok ? [] : (parsed.error.issues ?? [])),
        ...(extras.ok ? [] : (extras.error.issues ?? [])),
        ...consentIssues,
      ];
      return err(validationFailure(issues));
    }
    const input = toCreateInquiryInput(parsed.value, extras.value, submission.discardedFiles ?? []);
    const held = holdReasonsOf(
      {
        honeypotFilled,
        loadedAtMs: loadedAtOf(fields.get(LOADED_FIELD)),
        submittedAtMs: this.clock.now().getTime(),
        texts: [...fields].filter(([name]) => name !== KEY_FIELD && name !== LOADED_FIELD).flatMap(([, value]) => textsOf(value)),
      },
      submission.spamRules ?? NO_SPAM_RULES,
    );
    const created = await this.createInquiry.execute(workspaceId, input, held);
    if (!created.ok) return honeypotFilled ? ok({ outcome: "discarded" }) : err(inFormTerms(created.error));
    return ok({ outcome: "created", inquiryId: created.value.inquiry.id, held });
  }
}
