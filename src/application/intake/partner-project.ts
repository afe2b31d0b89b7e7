import { inject, injectable } from "tsyringe";
import { z } from "zod";
import type { Attachment } from "../../domain/attachment/attachment.js";
import type { FieldIssue, Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { attachStagedIn, quotaFailure, withStagedFiles, type AttachmentQuotas, type StagedAttachment } from "../attachments/attachments.js";
import { createInquiryIn } from "../inquiries/create-inquiry.js";
import { CreateInquiryInput } from "../inquiries/inquiry-schemas.js";
import type { InquiryWriteResult } from "../inquiries/update-inquiry.js";
import type { BlobStore } from "../ports/blob-store.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { parseInput, validationFailure } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";

const optionalText = z.string().nullish();

const PartnerAddress = z
  .object({ street: optionalText, city: optionalText, zipcode: optionalText, country_code: optionalText })
  .nullish();

/**
 * The project payload of the partner lead API, in its own field names. Like the
 * vendor's endpoint it ignores fields it does not know; what it knows is checked by the same
 * inquiry rules as the native API.
 */
export const PartnerProjectInput = z.object({
  measure: z.string().max(200, "must be at most 200 characters").nullish(),
  customer: z.object(
    {
      email: z.string({ error: "is required" }).trim().min(1, "is required"),
      title: optionalText,
      first_name: optionalText,
      last_name: optionalText,
      company_name: optionalText,
    },
    { error: "is required" },
  ),
  address: PartnerAddress,
  projectaddress: PartnerAddress,
  project_match: z.object({ comment: optionalText, partner_notes: optionalText, partner_source: optionalText }).nullish(),
});
export type PartnerProjectInput = z.input<typeof PartnerProjectInput>;

type ParsedProject = z.output<typeof PartnerProjectInput>;
type PartnerAddressValue = z.output<typeof PartnerAddress>;

const nativeAddress = (address: PartnerAddressValue) =>
  address ? { street: address.street, city: address.city, zipcode: address.zipcode, countryCode: address.country_code } : address;

/** Translates the partner's names into an inquiry: measure → category, partner_source → source, … */
export function toInquiryInput(project: ParsedProject): CreateInquiryInput {
  const match = project.project_match;
  const blankToUndefined = (value: string | null | undefined) => (value?.trim() ? value : undefined);
  return {
    category: project.measure ?? undefined,
    customer: {
      email: project.customer.email,
      salutation: project.customer.title,
      firstName: project.customer.first_name,
      lastName: project.customer.last_name,
      companyName: project.customer.company_name,
      address: nativeAddress(project.address),
    },
    address: nativeAddress(project.address),
    projectAddress: nativeAddress(project.projectaddress),
    comment: match?.comment ?? undefined,
    notes: match?.partner_notes,
    source: blankToUndefined(match?.partner_source),
  };
}

/** Native field paths back to the partner's names, so an error names the field the sender sent. */
const PARTNER_PATHS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^category/, "measure"],
  [/^customer\.salutation/, "customer.title"],
  [/^customer\.firstName/, "customer.first_name"],
  [/^customer\.lastName/, "customer.last_name"],
  [/^customer\.companyName/, "customer.company_name"],
  [/^customer\.address\./, "address."],
  [/^projectAddress/, "projectaddress"],
  [/\.countryCode$/, ".country_code"],
  [/^comment/, "project_match.comment"],
  [/^notes/, "project_match.partner_notes"],
  [/^source/, "project_match.partner_source"],
];

function inPartnerTerms(failure: Failure): Failure {
  if (failure.code !== "validation_failed" || !failure.issues) return failure;
  const issues = new Map<string, FieldIssue>();
  for (const issue of failure.issues) {
    const path = PARTNER_PATHS.reduce((renamed, [pattern, replacement]) => renamed.replace(pattern, replacement), issue.path);
    // The partner's address feeds both the customer and the inquiry: report its problems once.
    issues.set(`${path}\n${issue.message}`, { path, message: issue.message });
  }
  return validationFailure([...issues.values()]);
}

export interface PartnerProjectCreated extends InquiryWriteResult {
  readonly attachments: readonly Attachment[];
}

/**
 * Creates a project (an inquiry) from the partner lead API: the customer is matched or created by
 * the same rules and code as the native API, the files that came with it are attached in the same
 * transaction.
 */
@injectable()
export class CreatePartnerProject {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.BlobStore) private readonly blobs: BlobStore,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(TOKENS.AttachmentQuotas) private readonly quotas: AttachmentQuotas,
  ) {}

  async execute(workspaceId: string, input: unknown, staged: readonly StagedAttachment[] = []): Promise<Result<PartnerProjectCreated, Failure>> {
    return withStagedFiles(this.blobs, staged, async () => {
      const project = parseInput(PartnerProjectInput, input);
      if (!project.ok) return project;
      const inquiryInput = parseInput(CreateInquiryInput, toInquiryInput(project.value));
      if (!inquiryInput.ok) return err(inPartnerTerms(inquiryInput.error));
      return this.uow.run(workspaceId, async (tx): Promise<Result<PartnerProjectCreated, Failure>> => {
        const created = await createInquiryIn(tx, { ids: this.ids, clock: this.clock }, inquiryInput.value);
        if (!created.ok) return err(inPartnerTerms(created.error));
        const refused = await quotaFailure(tx, this.quotas, created.value.inquiry.id, staged);
        if (refused) return err(refused);
        const attachments = await attachStagedIn(tx, this.clock, created.value.inquiry.id, staged);
        return ok({ ...created.value, attachments });
      });
    });
  }
}
