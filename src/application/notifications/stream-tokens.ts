import { inject, injectable } from "tsyringe";
import { z } from "zod";
import {
  isStreamTokenExpired,
  parseStreamToken,
  streamTokenClaims,
  streamTokenSignedText,
} from "../../domain/notifications/stream-token.js";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { MessageSigner } from "../ports/message-signer.js";
import type { Secrets } from "../ports/secrets.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { findStaff } from "../staff/staff-use-cases.js";
import { TOKENS } from "../tokens.js";

const SIGNING_KEY_NAME = "notification-stream-token";

/** Per storage, the key once loaded: it never changes after it is stored, so a request need not read it again. */
const loadedSigningKeys = new WeakMap<UnitOfWork, Promise<string>>();

/** The secret stream tokens and record links are signed with: created on first use, then the same for every process. */
export function streamSigningKey(uow: UnitOfWork, secrets: Secrets, clock: Clock): Promise<string> {
  let key = loadedSigningKeys.get(uow);
  if (!key) {
    key = loadSigningKey(uow, secrets, clock);
    loadedSigningKeys.set(uow, key);
    // A failed load is not remembered; the next request tries again.
    key.catch(() => loadedSigningKeys.delete(uow));
  }
  return key;
}

async function loadSigningKey(uow: UnitOfWork, secrets: Secrets, clock: Clock): Promise<string> {
  const loaded = await uow.runSystem(async (tx) => {
    const existing = await tx.signingKeys.find(SIGNING_KEY_NAME);
    if (existing) return ok(existing);
    await tx.signingKeys.insertIfAbsent(SIGNING_KEY_NAME, secrets.newToken(), clock.now().toISOString());
    const key = await tx.signingKeys.find(SIGNING_KEY_NAME);
    return key ? ok(key) : err("missing");
  });
  if (!loaded.ok) throw new Error("the stream token signing key could not be stored");
  return loaded.value;
}

export interface IssuedStreamToken {
  readonly token: string;
  readonly staffId: string;
  readonly expiresAt: string;
}

/** What a client receives: the token and the stream address that takes it. */
export const StreamTokenViewSchema = z.object({
  token: z.string().describe("Valid only on this member's stream, until expiresAt."),
  expiresAt: z.string().describe("ISO 8601 instant after which the stream refuses the token."),
  url: z.string().describe("The stream address with the token as ?token=, ready for EventSource."),
});
export type StreamTokenView = z.output<typeof StreamTokenViewSchema>;

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

export interface StreamGrant {
  readonly workspaceId: string;
  readonly staffId: string;
}

const unauthenticated = (message: string): Failure => ({ code: "unauthenticated", message });

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
