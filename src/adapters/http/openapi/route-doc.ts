import type { z } from "zod";

/** How a route authenticates, for the API reference's security section. */
export type RouteAuth = "secret-key" | "publishable-key" | "vendor-key" | "none";

export interface ResponseDoc {
  readonly description: string;
  readonly schema?: z.ZodType;
  /** Defaults to application/json (application/problem+json for 4xx/5xx on the native API). */
  readonly contentType?: string;
}

/**
 * The documentation of one route, written beside the route from the same zod schemas that
 * validate its input, so the OpenAPI document cannot drift from what the server accepts.
 * Every route module exports its RouteDoc list; the generator and the coverage test read them.
 */
export interface RouteDoc {
  readonly method: "get" | "post" | "put" | "patch" | "delete" | "options";
  /** The Koa path as registered, e.g. "/api/v1/inquiries/:id". */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly auth: RouteAuth;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /** The body may be left out (it only changes defaults); required unless this says false. */
  readonly bodyRequired?: boolean;
  /** Defaults to ["application/json"] when a body is given. */
  readonly bodyContentTypes?: readonly string[];
  /** A request body that must succeed against a fresh server (checked by a test). */
  readonly example?: unknown;
  readonly responses: Readonly<Record<number, ResponseDoc>>;
}
