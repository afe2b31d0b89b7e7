import getRawBody from "raw-body";
import type { Context, Next } from "koa";
import { HttpProblem } from "./problem.js";

export const MAX_JSON_BYTES = 1024 * 1024;

function hasBody(ctx: Context): boolean {
  return ctx.request.length !== undefined ? ctx.request.length > 0 : ctx.get("transfer-encoding") !== "";
}

/** Reads a JSON body up to the limit; anything else is a precise 4xx, never a stack trace. */
export async function readJson(ctx: Context, limit = MAX_JSON_BYTES): Promise<unknown> {
  if (!hasBody(ctx)) throw new HttpProblem(400, "invalid_json", "The request needs a JSON body.");
  if (!ctx.is("application/json", "application/*+json")) {
    throw new HttpProblem(415, "unsupported_media_type", "Send the body as application/json.");
  }
  let text: string;
  try {
    text = await getRawBody(ctx.req, { limit, length: ctx.get("content-length") || undefined, encoding: "utf8" });
  } catch (error) {
    const type = (error as { type?: string }).type;
    if (type === "entity.too.large") {
      throw new HttpProblem(413, "payload_too_large", `The body exceeds the limit of ${limit} bytes.`);
    }
    throw new HttpProblem(400, "invalid_body", "The request body could not be read.");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpProblem(400, "invalid_json", `The body is not valid JSON: ${(error as Error).message}`);
  }
}

/** For routes whose body only changes defaults: no body at all leaves `ctx.state.body` undefined. */
export function optionalJsonBody(limit = MAX_JSON_BYTES) {
  return async (ctx: Context, next: Next): Promise<void> => {
    ctx.state.body = hasBody(ctx) ? await readJson(ctx, limit) : undefined;
    await next();
  };
}

/** Routes that take a body get it parsed into `ctx.state.body` before the handler runs. */
export function jsonBody(limit = MAX_JSON_BYTES) {
  return async (ctx: Context, next: Next): Promise<void> => {
    ctx.state.body = await readJson(ctx, limit);
    await next();
  };
}
