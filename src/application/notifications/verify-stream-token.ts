import { inject, injectable } from "tsyringe";
import { isStreamTokenExpired, parseStreamToken } from "../../domain/notifications/stream-token.js";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { MessageSigner } from "../ports/message-signer.js";
import type { Secrets } from "../ports/secrets.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { findStaff } from "../staff/staff-members.js";
import { TOKENS } from "../tokens.js";
import { streamSigningKey, type StreamGrant, unauthenticated } from "./stream-tokens.js";

/**
 * Checks a stream token for the stream of the staff member named in the request: a bad or
 * expired token is `unauthenticated`, a good one for somebody else is `forbidden`.
 */
@injectable()
export class VerifyStreamToken {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Secrets) private readonly secrets: Secrets,
    @inject(TOKENS.MessageSigner) private readonly signer: MessageSigner,
  ) {}

  async execute(token: string, staffIdOrEmail: string): Promise<Result<StreamGrant, Failure>> {
    const parsed = parseStreamToken(token);
    if (!parsed) return err(unauthenticated("The stream token is malformed."));
    const key = await streamSigningKey(this.uow, this.secrets, this.clock);
    if (!this.signer.verify(key, parsed.signedText, parsed.signature)) return err(unauthenticated("The stream token is not valid."));
    if (isStreamTokenExpired(parsed.claims, this.clock.now())) return err(unauthenticated("The stream token has expired; request a new one."));
    const { workspaceId, staffId } = parsed.claims;
    return this.uow.read(workspaceId, async (tx) => {
      const member = await findStaff(tx, staffIdOrEmail);
      if (!member) return err(notFound("staff member"));
      if (member.id !== staffId) return err<Failure>({ code: "forbidden", message: "The stream token is for another staff member's stream." });
      return ok({ workspaceId, staffId });
    });
  }
}
