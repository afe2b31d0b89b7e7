import { randomUUID } from "node:crypto";
import type { Context, Next } from "koa";
import type { AuthenticateApiKey } from "../../application/access/api-key-use-cases.js";
import { HttpProblem, problemOf, writeProblem } from "./problem.js";

export interface HttpLogger {
  error(details: Record<string, unknown>, message: string): void;
}

/** Every answer carries a request id; clients may bring their own for tracing. */
export async function requestId(ctx: Context, next: Next): Promise<void> {
  const incoming = ctx.get("x-request-id");
  ctx.state.requestId = /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
  ctx.set("X-Request-Id", ctx.state.requestId as string);
  await next();
}

/** Turns every failure into problem+json; unexpected errors are logged and answered without detail. */
export function problemHandler(logger: HttpLogger) {
  return async (ctx: Context, next: Next): Promise<void> => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        writeProblem(ctx, new HttpProblem(404, "not_found", `No route for ${ctx.method} ${ctx.path}.`));
      } else if (ctx.status === 405 && (ctx.body === undefined || typeof ctx.body === "string")) {
        writeProblem(ctx, new HttpProblem(405, "method_not_allowed", `${ctx.method} is not allowed on ${ctx.path}.`));
      }
    } catch (error) {
      const known = problemOf(error);
      if (known) {
        writeProblem(ctx, known);
        return;
      }
      logger.error({ err: error, requestId: ctx.state.requestId, method: ctx.method, path: ctx.path }, "request failed");
      writeProblem(ctx, new HttpProblem(500, "internal_error", "An internal error occurred. It has been logged."));
    }
  };
}

/** `Authorization: Bearer <key>` or `X-API-KEY: <key>`. */
export function presentedKey(ctx: Context): string | undefined {
  const header = ctx.get("x-api-key");
  if (header) return header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(ctx.get("authorization"));
  return match?.[1];
}

/** Secret keys only: a publishable key may submit a public form and nothing else. */
export function requireSecretKey(authenticate: AuthenticateApiKey) {
  return async (ctx: Context, next: Next): Promise<void> => {
    const result = await authenticate.execute(presentedKey(ctx));
    if (!result.ok) {
      if (result.error === "missing") {
        ctx.set("WWW-Authenticate", 'Bearer realm="leadport"');
        throw new HttpProblem(401, "unauthenticated", "Send an API key as 'Authorization: Bearer <key>' or 'X-API-KEY: <key>'.");
      }
      throw new HttpProblem(403, "forbidden", "The API key is unknown or has been revoked.");
    }
    if (result.value.kind !== "secret") {
      throw new HttpProblem(403, "forbidden", "A publishable key may only submit the public inquiry form.");
    }
    ctx.state.apiKey = result.value;
    ctx.state.workspaceId = result.value.workspaceId;
    await next();
  };
}
