import { inject, injectable } from "tsyringe";
import {
  isRecordLinkExpired,
  parseRecordLink,
  recordLinkClaims,
  recordLinkSignedText,
  type RecordKind,
} from "../../domain/notifications/record-link.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { StaffMember } from "../../domain/staff/staff.js";
import type { Locale } from "../../domain/workspace/workspace.js";
import type { Clock } from "../ports/clock.js";
import type { MessageSigner } from "../ports/message-signer.js";
import type { Secrets } from "../ports/secrets.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { streamSigningKey } from "./stream-tokens.js";

/** Signs record links for notifications: the key is loaded once, before the transaction that uses it. */
export interface RecordLinkSigner {
  sign(workspaceId: string, staffId: string, kind: RecordKind, recordId: string, ttlDays: number): string;
}

export async function recordLinkSigner(uow: UnitOfWork, secrets: Secrets, clock: Clock, signer: MessageSigner): Promise<RecordLinkSigner> {
  const key = await streamSigningKey(uow, secrets, clock);
  return {
    sign: (workspaceId, staffId, kind, recordId, ttlDays) => {
      const signedText = recordLinkSignedText(recordLinkClaims(workspaceId, staffId, kind, recordId, clock.now(), ttlDays));
      return `${signedText}.${signer.sign(key, signedText)}`;
    },
  };
}

/**
 * Why a link does not open its page: not a link of ours or altered (`invalid`), past its expiry
 * (`expired`), for another record than the page asked for (`other_record`), or its staff member
 * is no longer on the staff (`staff_gone`).
 */
export type RecordLinkRefusal = "invalid" | "expired" | "other_record" | "staff_gone";

export interface RecordLinkGrant {
  readonly workspaceId: string;
  readonly member: StaffMember;
  readonly locale: Locale;
  readonly expiresAt: string;
}

/** Checks a record link for the page of one record; the page then acts for the member it names. */
@injectable()
export class OpenRecordLink {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Secrets) private readonly secrets: Secrets,
    @inject(TOKENS.MessageSigner) private readonly signer: MessageSigner,
  ) {}

  async execute(token: string, kind: RecordKind, recordId: string): Promise<Result<RecordLinkGrant, RecordLinkRefusal>> {
    const parsed = parseRecordLink(token);
    if (!parsed) return err("invalid");
    const key = await streamSigningKey(this.uow, this.secrets, this.clock);
    if (!this.signer.verify(key, parsed.signedText, parsed.signature)) return err("invalid");
    const { claims } = parsed;
    if (claims.kind !== kind || claims.recordId !== recordId) return err("other_record");
    if (isRecordLinkExpired(claims, this.clock.now())) return err("expired");
    return this.uow.read(claims.workspaceId, async (tx) => {
      const workspace = await tx.workspaces.findById(claims.workspaceId);
      const member = await tx.staff.findById(claims.staffId);
      if (!workspace || !member) return err<RecordLinkRefusal>("staff_gone");
      return ok({ workspaceId: workspace.id, member, locale: workspace.locale, expiresAt: claims.expiresAt.toISOString() });
    });
  }
}
