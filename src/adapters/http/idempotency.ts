import { createHash } from "node:crypto";
import type { Context, Next } from "koa";
import type { ClaimIdempotencyKey } from "../../application/idempotency/claim-idempotency-key.js";
import type { FinishIdempotentRequest } from "../../application/idempotency/finish-idempotent-request.js";
import { isValidIdempotencyKey, type StoredResponse } from "../../domain/idempotency/idempotency.js";
import { HttpProblem, problemOf } from "./problem.js";

export interface IdempotencyServices {
  readonly claimIdempotencyKey: ClaimIdempotencyKey;
  readonly finishIdempotentRequest: FinishIdempotentRequest;
}

export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
export const IDEMPOTENCY_REPLAYED_HEADER = "Idempotency-Replayed";

/** Headers of an answer that a replay must repeat; everything else is per response. */
const KEPT_HEADERS = ["content-type", "location", "access-control-allow-origin", "access-control-expose-headers"];

/**
 * Decides, once a creating route knows its workspace and has read its body, whether the request
 * runs. Returns true when the stored answer of an earlier attempt was written instead.
 */
export type IdempotencyGate = (ctx: Context, workspaceId: string, payload: unknown) => Promise<boolean>;

interface Claim {
  readonly workspaceId: string;
  readonly key: string;
}

/** A creating route calls this right before its use case; without an Idempotency-Key it always runs. */
export async function replayedIdempotently(ctx: Context, workspaceId: string, payload: unknown): Promise<boolean> {
  const gate = ctx.state.idempotencyGate as IdempotencyGate | undefined;
  return gate ? gate(ctx, workspaceId, payload) : false;
}

function fingerprintOf(ctx: Context, payload: unknown): string {
  return createHash("sha256").update(JSON.stringify([ctx.method, ctx.path, payload ?? null])).digest("hex");
}

/** The answer as it will be sent, or null when it cannot be kept (a stream, a server fault). */
function storable(ctx: Context): StoredResponse | null {
  if (ctx.status >= 500 || ctx.status === 429) return null;
  const body = ctx.body;
  let text: string;
  if (body === undefined || body === null) text = "";
  else if (typeof body === "string") text = body;
  else if (Buffer.isBuffer(body) || typeof (body as { pipe?: unknown }).pipe === "function") return null;
  else text = JSON.stringify(body);
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = ctx.response.get(name);
    if (typeof value === "string" && value !== "") headers[name] = value;
  }
  return { status: ctx.status, headers, body: text };
}

function replay(ctx: Context, response: StoredResponse): void {
  ctx.body = response.body;
  ctx.status = response.status;
  for (const [name, value] of Object.entries(response.headers)) ctx.set(name, value);
  ctx.set(IDEMPOTENCY_REPLAYED_HEADER, "true");
}

/**
 * Mounted once, outside the problem handler: offers the gate to the routes and, once the answer
 * is final (problem documents included), keeps it for retries. A server fault frees the key
 * instead, so a retry runs the request again.
 */
export function idempotency(services: IdempotencyServices) {
  return async (ctx: Context, next: Next): Promise<void> => {
    const key = ctx.get(IDEMPOTENCY_KEY_HEADER);
    if (key === "" || ctx.method !== "POST") return next();
    let claim: Claim | null = null;
    const gate: IdempotencyGate = async (gateCtx, workspaceId, payload) => {
      if (!isValidIdempotencyKey(key)) {
        throw new HttpProblem(400, "invalid_idempotency_key", "Idempotency-Key must be 1-255 printable ASCII characters.", [
          { path: IDEMPOTENCY_KEY_HEADER, message: "1-255 printable ASCII characters" },
        ]);
      }
      const decision = await services.claimIdempotencyKey.execute({ workspaceId, key, fingerprint: fingerprintOf(gateCtx, payload) });
      switch (decision.kind) {
        case "proceed":
          claim = { workspaceId, key };
          return false;
        case "replay":
          replay(gateCtx, decision.response);
          return true;
        case "mismatch":
          throw new HttpProblem(422, "idempotency_key_reused", "This Idempotency-Key was already used for a different request.", [
            { path: IDEMPOTENCY_KEY_HEADER, message: "already used with another method, path or body" },
          ]);
        case "in_flight":
          throw new HttpProblem(409, "idempotency_request_in_flight", "A request with this Idempotency-Key is still being processed; retry shortly.", [
            { path: IDEMPOTENCY_KEY_HEADER, message: "the first request with this key has not finished" },
          ], 1);
      }
    };
    ctx.state.idempotencyGate = gate;
    try {
      await next();
    } finally {
      const held = claim as Claim | null;
      if (held) await keepForRetries(services, held, ctx);
    }
  };
}

/**
 * Stores the final answer for retries. When the database went away between the work and this
 * (a lost connection, a busy lock), the answer already decided stands: a success reports work
 * that was committed, and turning it into an error would invite a retry that does it twice. The
 * key stays claimed until the claim counts as abandoned (five minutes), as after a crash.
 */
async function keepForRetries(services: IdempotencyServices, held: Claim, ctx: Context): Promise<void> {
  try {
    await services.finishIdempotentRequest.execute({ ...held, response: storable(ctx) });
  } catch (error) {
    if (!problemOf(error)) throw error;
  }
}
