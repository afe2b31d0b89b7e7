import { randomUUID } from "node:crypto";
import type { Context, Next } from "koa";
import type { AuthenticateApiKey } from "../../application/access/authenticate-api-key.js";
import { HttpProblem, problemOf, writeProblem } from "./problem.js";

export interface HttpLogger {
  error(details: Record<string, unknown>, message: string): void;
  /** Denials (bad keys, rate limits, refused origins): expected, but an operator wants to see them. */
  warn?(details: Record<string, unknown>, message: string): void;
  info?(details: Record<string, unknown>, message: string): void;
}

/** Every answer carries a request id; clients may bring their own for tracing. */
export async function requestId(ctx: Context, next: Next): Promise<void> {
  const incoming = ctx.get("x-request-id");
  ctx.state.requestId = /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
  ctx.set("X-Request-Id", ctx.state.requestId as string);
  await next();
}

/** After an early answer, how much of the unread body is still dropped, and for how long, before the connection is cut. */
const LINGER_BYTES = 1024 * 1024;
const LINGER_MS = 2000;

/**
 * An answer given before the request body has fully arrived (a wrong key, a rate limit, a size
 * cap) must not make the server read the rest, however large the client makes it. Closing at
 * once would reset the socket while the client is still sending and often lose the answer, so
 * the connection lingers: at most 1 MiB more is read and dropped, and after 2 s the connection is
 * cut. A body that ends within that keeps the connection alive.
 */
export async function closeWhenBodyUnread(ctx: Context, next: Next): Promise<void> {
  await next();
  const hasBody = Number(ctx.get("content-length") || 0) > 0 || ctx.get("transfer-encoding") !== "";
  if (!hasBody || ctx.req.complete) return;
  const { req } = ctx;
  const socket = req.socket;
  // Node destroys a closing connection the moment the answer is flushed; half-close it instead
  // (FIN after the answer) and let the timer below destroy it.
  socket.destroySoon = () => socket.end();
  ctx.res.once("finish", () => {
    let dropped = 0;
    const cut = setTimeout(() => socket.destroy(), LINGER_MS);
    cut.unref();
    const stopTimer = () => clearTimeout(cut);
    socket.once("close", stopTimer);
    req.on("data", (chunk: Buffer) => {
      dropped += chunk.length;
      // Past this the socket is no longer read at all: the client's sending stalls, it reads the
      // answer, and the timer cuts the connection.
      if (dropped > LINGER_BYTES) req.pause();
    });
    req.once("end", () => {
      if (socket.writableEnded) return socket.destroy();
      // The whole body arrived in time: the connection carries on as an ordinary keep-alive one.
      stopTimer();
      // A keep-alive connection carries many requests: leave no listener behind for the next one.
      socket.off("close", stopTimer);
      Reflect.deleteProperty(socket, "destroySoon");
    });
    req.resume();
  });
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
      ctx.state.authFailed = true;
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
