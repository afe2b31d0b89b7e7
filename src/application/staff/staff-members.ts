import { z } from "zod";
import { singleLine } from "../shared/text-input.js";
import type { Failure } from "../../domain/shared/failure.js";
import { conflict } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { STAFF_EVENTS, staffIssues, type StaffMember } from "../../domain/staff/staff.js";
import type { WorkspaceReader, WorkspaceTransaction } from "../ports/unit-of-work.js";
import { validationFailure } from "../shared/validation.js";
import type { Assert, SameShape } from "../shared/view-schemas.js";
import { listOf, TimestampSchema } from "../shared/view-schemas.js";

export const AddStaffInput = z.strictObject({
  name: singleLine(z.string()).max(200, "must be at most 200 characters"),
  email: singleLine(z.string()).max(254, "must be at most 254 characters"),
  role: singleLine(z.string()).max(50, "must be at most 50 characters").optional(),
  events: z.array(z.enum(STAFF_EVENTS)).optional(),
  emailEnabled: z.boolean().optional(),
});

export type AddStaffInput = z.input<typeof AddStaffInput>;

export const UpdateStaffInput = AddStaffInput.partial();

export type UpdateStaffInput = z.input<typeof UpdateStaffInput>;

/** The public shape of a staff member: everything but the workspace, which the caller's key implies. */
export const StaffViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().describe("Lower-cased; an inquiry's `assignee` refers to it."),
  role: z.string(),
  events: z.array(z.enum(STAFF_EVENTS)).readonly().describe("What the member is notified about."),
  emailEnabled: z.boolean().describe("Whether notifications also go out by e-mail."),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});

export type StaffView = z.output<typeof StaffViewSchema>;

type _StaffViewIsTheMemberWithoutWorkspace = Assert<SameShape<StaffView, Omit<StaffMember, "workspaceId">>>;

export const StaffListSchema = listOf(StaffViewSchema);

export type StaffListView = z.output<typeof StaffListSchema>;

export function toStaffView(member: StaffMember): StaffView {
  const { workspaceId: _implicit, ...view } = member;
  return view;
}

/** Staff are addressed by id (as programs store it) or by e-mail (as people type it). */
export async function findStaff(tx: WorkspaceReader, idOrEmail: string): Promise<StaffMember | null> {
  return (await tx.staff.findById(idOrEmail)) ?? (idOrEmail.includes("@") ? await tx.staff.findByEmail(idOrEmail) : null);
}

export async function save(tx: WorkspaceTransaction, member: StaffMember, isNew: boolean): Promise<Result<StaffMember, Failure>> {
  const issues = staffIssues(member);
  if (issues.length > 0) return err(validationFailure(issues));
  const holder = await tx.staff.findByEmail(member.email);
  if (holder && holder.id !== member.id) return err(conflict(`a staff member with the e-mail ${member.email} already exists`));
  await (isNew ? tx.staff.insert(member) : tx.staff.update(member));
  return ok(member);
}
