import { createHash } from "node:crypto";
import type { Context, Next } from "koa";
import { TokenBucketLimiter, type RateDecision, type RateLimit } from "../system/token-bucket.js";
import { presentedKey, type HttpLogger } from "./middleware.js";
import { HttpProblem, writeProblem } from "./problem.js";
import type { WorkspaceKeyRates } from "./workspace-key-rates.js";

export interface ApiRateLimits {
  /** Requests per secret key where its workspace sets no figure of its own (null: unlimited). */
  readonly perKey: RateLimit | null;
  /** Requests per client address without a key or with a publishable one (null: unlimited). */
  readonly perIp: RateLimit | null;
  /** Failed authentications per client address before it is refused altogether (null: unlimited). */
  readonly authFailuresPerIp: RateLimit | null;
}

export interface RateLimitOptions {
  readonly limits: ApiRateLimits;
  readonly logger: HttpLogger;
  /** Paths that answer in a vendor's `{status, message}` shape instead of problem+json. */
  readonly plainErrorPaths?: ReadonlySet<string>;
  /** Workspaces' own per-key rates; without it every key gets `limits.perKey`. */
  readonly keyRates?: WorkspaceKeyRates;
}

const PUBLISHABLE_PREFIX = "lp_pub_";

const limiter = (limit: RateLimit | null) => (limit ? new TokenBucketLimiter(limit) : null);

/** Keys are never kept in memory as they were sent; a bucket is named by the key's hash. */
const keyBucket = (key: string) => createHash("sha256").update(key).digest("base64url");

/** The draft's RateLimit-* fields (draft-ietf-httpapi-ratelimit-headers, the separate-fields form). */
function setRateHeaders(ctx: Context, capacity: number, decision: RateDecision): void {
  ctx.set("RateLimit-Limit", String(capacity));
  ctx.set("RateLimit-Remaining", String(decision.remaining));
  ctx.set("RateLimit-Reset", String(decision.resetSeconds));
}

/** A secret key pays into its own bucket; everything else into its client address's. */
function keyOf(ctx: Context): string | undefined {
  const query = typeof ctx.query.key === "string" ? ctx.query.key : undefined;
  return presentedKey(ctx) ?? query;
}

/**
 * Rate limits for the API (/api/…): per secret key, per client address for anonymous and
 * publishable-key traffic, and an address that keeps presenting bad keys is refused for a while.
 * Health checks, the reference and pages are not limited.
 */
export function apiRateLimits(options: RateLimitOptions) {
  const defaultPerKey = limiter(options.limits.perKey);
  // One bucket set per distinct rate: workspaces with the same figure share a limiter, each key its own bucket in it.
  const perKeyByRate = new Map<string, TokenBucketLimiter>();
  const perKeyFor = (keyHash: string): TokenBucketLimiter | null => {
    const rate = options.keyRates?.rateOfKey(keyHash);
    if (!rate) return defaultPerKey;
    const name = `${rate.capacity}/${rate.periodMs}`;
    let bucket = perKeyByRate.get(name);
    if (!bucket) perKeyByRate.set(name, (bucket = new TokenBucketLimiter(rate)));
    return bucket;
  };
  const perIp = limiter(options.limits.perIp);
  const failures = limiter(options.limits.authFailuresPerIp);
  const warn = options.logger.warn?.bind(options.logger) ?? (() => {});

  const refuse = (ctx: Context, decision: RateDecision & { allowed: false }, detail: string) => {
    const problem = new HttpProblem(429, "rate_limited", detail, [], decision.retryAfterSeconds);
    if (options.plainErrorPaths?.has(ctx.path)) {
      ctx.set("Retry-After", String(decision.retryAfterSeconds));
      ctx.status = 429;
      ctx.type = "application/json";
      ctx.body = { status: "error", message: detail };
    } else writeProblem(ctx, problem);
  };

  return async (ctx: Context, next: Next): Promise<void> => {
    if (!ctx.path.startsWith("/api/") || ctx.method === "OPTIONS") return next();
    const ip = ctx.ip;
    const failed = failures?.peek(ip);
    if (failed && !failed.allowed) {
      warn({ requestId: ctx.state.requestId, reason: "auth_failures", ip, method: ctx.method, path: ctx.path }, "request denied");
      setRateHeaders(ctx, failures!.capacity, failed);
      return refuse(ctx, failed, `Too many failed authentications from this address; retry in ${failed.retryAfterSeconds} seconds.`);
    }
    const key = keyOf(ctx);
    const byKey = key !== undefined && !key.startsWith(PUBLISHABLE_PREFIX);
    const keyHash = byKey ? keyBucket(key) : undefined;
    const bucket = keyHash !== undefined ? perKeyFor(keyHash) : perIp;
    if (bucket) {
      const decision = bucket.take(keyHash ?? ip);
      setRateHeaders(ctx, bucket.capacity, decision);
      if (!decision.allowed) {
        warn({ requestId: ctx.state.requestId, reason: "rate_limited", limit: byKey ? "key" : "address", ip, method: ctx.method, path: ctx.path }, "request denied");
        return refuse(ctx, decision, `Too many requests for this ${byKey ? "key" : "address"}; retry in ${decision.retryAfterSeconds} seconds.`);
      }
    }
    try {
      await next();
      const authenticated = ctx.state.apiKey as { workspaceId: string } | undefined;
      if (keyHash !== undefined && authenticated && options.keyRates) {
        const firstSeen = !options.keyRates.knows(keyHash);
        await options.keyRates.learn(keyHash, authenticated.workspaceId);
        // The key's first request was let through on the default; it counts against its workspace's rate as well.
        const own = perKeyFor(keyHash);
        if (firstSeen && own !== bucket) own?.take(keyHash);
      }
    } finally {
      if (ctx.state.authFailed) {
        const counted = failures?.take(ip);
        warn(
          { requestId: ctx.state.requestId, reason: "bad_key", ip, method: ctx.method, path: ctx.path, failuresLeft: counted?.remaining },
          "request denied",
        );
      }
    }
  };
}
