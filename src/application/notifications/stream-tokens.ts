import { z } from "zod";
import { type Failure } from "../../domain/shared/failure.js";
import { err, ok } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { Secrets } from "../ports/secrets.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";

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

export interface StreamGrant {
  readonly workspaceId: string;
  readonly staffId: string;
}

export const unauthenticated = (message: string): Failure => ({ code: "unauthenticated", message });
