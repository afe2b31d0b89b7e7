import type { Context } from "koa";
import { StorageBusyError, StorageUnavailableError } from "../../application/ports/unit-of-work.js";
import type { Failure, FailureCode, FieldIssue } from "../../domain/shared/failure.js";

/** The one table from failure codes to HTTP statuses. */
export const HTTP_STATUS: Readonly<Record<FailureCode, number>> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_many_items: 413,
};

const TITLES: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** An error that leaves the API as an RFC 9457 problem document. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly issues: readonly FieldIssue[] = [],
    /** Seconds, sent as `Retry-After` when the client may simply try again. */
    readonly retryAfter?: number,
    /** RFC 9457 extension members beside the standard ones, e.g. a quota's `limit` and `count`. */
    readonly extensions: Readonly<Record<string, number | string>> = {},
  ) {
    super(detail);
  }

  static from(failure: Failure): HttpProblem {
    const extensions: Record<string, number> = failure.quota ? { limit: failure.quota.limit, count: failure.quota.count } : {};
    return new HttpProblem(HTTP_STATUS[failure.code], failure.code, failure.message, failure.issues ?? [], undefined, extensions);
  }
}

/**
 * Infrastructure conditions with an answer of their own instead of a 500: a database locked by
 * another process is 503 with Retry-After — the request wrote nothing and may be sent again.
 */
export function problemOf(error: unknown): HttpProblem | null {
  if (error instanceof HttpProblem) return error;
  if (error instanceof StorageBusyError) {
    return new HttpProblem(
      503,
      "storage_busy",
      `The database is busy with another writer; nothing was stored. Try again in ${error.retryAfterSeconds} s.`,
      [],
      error.retryAfterSeconds,
    );
  }
  if (error instanceof StorageUnavailableError) {
    return new HttpProblem(
      503,
      "storage_unavailable",
      `The database cannot be reached right now; nothing was stored. Try again in ${error.retryAfterSeconds} s.`,
      [],
      error.retryAfterSeconds,
    );
  }
  return null;
}

/** The headers a problem brings beside its body, in whichever shape the body is written. */
export function setProblemHeaders(ctx: Context, problem: HttpProblem): void {
  if (problem.retryAfter !== undefined) ctx.set("Retry-After", String(problem.retryAfter));
}

/**
 * Every `detail` of a problem document reads the same way: one sentence, capitalised, ending with
 * a period ("Invalid input: contact.email is not a valid e-mail address."). Use-case messages are
 * shared with the command line, which prints them after "Error: ", so the form is applied here.
 * The vendor-shaped endpoints keep their own messages; they never pass through this function.
 */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === "") return trimmed;
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

export function writeProblem(ctx: Context, problem: HttpProblem): void {
  setProblemHeaders(ctx, problem);
  ctx.status = problem.status;
  ctx.type = "application/problem+json";
  ctx.body = {
    type: `/docs/problems#${problem.code}`,
    title: TITLES[problem.status] ?? "Error",
    status: problem.status,
    detail: asSentence(problem.detail),
    instance: ctx.path,
    code: problem.code,
    ...problem.extensions,
    ...(problem.issues.length > 0 ? { errors: problem.issues } : {}),
    ...(ctx.state.requestId ? { requestId: ctx.state.requestId } : {}),
  };
}

/** Unwraps a use-case result or throws the matching problem. */
export function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: Failure }): T {
  if (!result.ok) throw HttpProblem.from(result.error);
  return result.value;
}
