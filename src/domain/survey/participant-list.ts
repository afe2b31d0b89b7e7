import { participantKey, type Participant } from "./invitation.js";

/** A directory's people kept in sync from outside (seed 004, point 4), dispatched to as a whole. */
export interface ParticipantList {
  readonly id: string;
  readonly workspaceId: string;
  readonly members: readonly Participant[];
  readonly updatedAt: string;
}

export interface MembershipChange {
  readonly added: number;
  readonly updated: number;
  readonly removed: number;
  readonly unchanged: number;
}

const sameParticipant = (a: Participant, b: Participant) =>
  a.email === b.email && a.name === b.name && a.customerId === b.customerId && JSON.stringify(sortedEntries(a.variables)) === JSON.stringify(sortedEntries(b.variables));

const sortedEntries = (record: Readonly<Record<string, string>>) => Object.entries(record).sort(([a], [b]) => a.localeCompare(b));

/** Members by their key; a later entry for the same address wins. */
export function dedupeMembers(members: readonly Participant[]): Participant[] {
  return [...new Map(members.map((member) => [participantKey(member.email), member])).values()];
}

/**
 * The list after a full replacement (PUT): exactly `wanted`, with what was added, changed and
 * removed counted, so a repeated sync reports nothing changed.
 */
export function replaceMembers(current: readonly Participant[], wanted: readonly Participant[]): { members: Participant[]; change: MembershipChange } {
  const before = new Map(current.map((member) => [participantKey(member.email), member]));
  const members = dedupeMembers(wanted);
  const after = new Set(members.map((member) => participantKey(member.email)));
  let added = 0;
  let updated = 0;
  for (const member of members) {
    const previous = before.get(participantKey(member.email));
    if (!previous) added++;
    else if (!sameParticipant(previous, member)) updated++;
  }
  const removed = [...before.keys()].filter((key) => !after.has(key)).length;
  return { members, change: { added, updated, removed, unchanged: members.length - added - updated } };
}

/** The list after adding or updating some members and removing others by address (PATCH). */
export function patchMembers(current: readonly Participant[], upsert: readonly Participant[], remove: readonly string[]): { members: Participant[]; change: MembershipChange } {
  const byKey = new Map(current.map((member) => [participantKey(member.email), member]));
  let added = 0;
  let updated = 0;
  let removed = 0;
  for (const email of remove) if (byKey.delete(participantKey(email))) removed++;
  for (const member of dedupeMembers(upsert)) {
    const previous = byKey.get(participantKey(member.email));
    if (!previous) added++;
    else if (!sameParticipant(previous, member)) updated++;
    byKey.set(participantKey(member.email), member);
  }
  const members = [...byKey.values()];
  return { members, change: { added, updated, removed, unchanged: members.length - added - updated } };
}
