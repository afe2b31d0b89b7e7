import { inject, injectable } from "tsyringe";
import { streamTokenClaims, streamTokenSignedText } from "../../domain/notifications/stream-token.js";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { MessageSigner } from "../ports/message-signer.js";
import type { Secrets } from "../ports/secrets.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { findStaff } from "../staff/staff-members.js";
import { TOKENS } from "../tokens.js";
import { streamSigningKey, type IssuedStreamToken } from "./stream-tokens.js";

/** A short-lived token for one staff member's notification stream, for clients that cannot send headers. */
@injectable()
export class IssueStreamToken {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Secrets) private readonly secrets: Secrets,
    @inject(TOKENS.MessageSigner) private readonly signer: MessageSigner,
  ) {}

  async execute(workspaceId: string, staffIdOrEmail: string): Promise<Result<IssuedStreamToken, Failure>> {
    const member = await this.uow.read(workspaceId, async (tx) => {
      const found = await findStaff(tx, staffIdOrEmail);
      return found ? ok(found) : err(notFound("staff member"));
    });
    if (!member.ok) return member;
    const claims = streamTokenClaims(workspaceId, member.value.id, this.clock.now());
    const signedText = streamTokenSignedText(claims);
    const key = await streamSigningKey(this.uow, this.secrets, this.clock);
    return ok({
      token: `${signedText}.${this.signer.sign(key, signedText)}`,
      staffId: member.value.id,
      expiresAt: claims.expiresAt.toISOString(),
    });
  }
}
