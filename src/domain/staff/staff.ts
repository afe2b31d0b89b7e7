import type { FieldIssue } from "../shared/failure.js";
import { isEmail, normalizeEmail } from "../shared/text.js";

/** What a staff member can ask to be told about. */
export const STAFF_EVENTS = ["new_inquiry", "new_order", "new_ticket", "assigned_to_me", "survey_feedback"] as const;
export type StaffEvent = (typeof STAFF_EVENTS)[number];

/** A person of the business who receives notifications; inquiries are assigned to them by e-mail. */
export interface StaffMember {
  readonly id: string;
  readonly workspaceId: string;
  readonly name: string;
  /** Lower-cased and trimmed: it is the key an inquiry's `assignee` refers to. */
  readonly email: string;
  readonly role: string;
  readonly events: readonly StaffEvent[];
  readonly emailEnabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface StaffFields {
  readonly name?: string;
  readonly email?: string;
  readonly role?: string;
  readonly events?: readonly StaffEvent[];
  readonly emailEnabled?: boolean;
}

export const DEFAULT_STAFF_ROLE = "staff";

export function newStaffMember(id: string, workspaceId: string, fields: StaffFields, now: Date): StaffMember {
  const at = now.toISOString();
  return mergeStaffFields(
    { id, workspaceId, name: "", email: "", role: DEFAULT_STAFF_ROLE, events: STAFF_EVENTS, emailEnabled: true, createdAt: at, updatedAt: at },
    fields,
  );
}

export function mergeStaffFields(current: StaffMember, fields: StaffFields): StaffMember {
  return {
    ...current,
    name: fields.name === undefined ? current.name : fields.name.trim(),
    email: fields.email === undefined ? current.email : normalizeEmail(fields.email),
    role: fields.role === undefined ? current.role : fields.role.trim() || DEFAULT_STAFF_ROLE,
    events: fields.events === undefined ? current.events : STAFF_EVENTS.filter((event) => fields.events?.includes(event)),
    emailEnabled: fields.emailEnabled ?? current.emailEnabled,
  };
}

export function staffIssues(member: StaffMember): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (member.name === "") issues.push({ path: "name", message: "must not be empty" });
  if (!isEmail(member.email)) issues.push({ path: "email", message: "is not a valid e-mail address" });
  return issues;
}

export function wants(member: StaffMember, event: StaffEvent): boolean {
  return member.events.includes(event);
}
