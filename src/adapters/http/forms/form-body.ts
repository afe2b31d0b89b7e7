import type { Context } from "koa";
import { drainFileNames, readEncodedBody, type EncodedBodyLimits } from "../encoded-body.js";
import { readJson } from "../json-body.js";
import { HttpProblem } from "../problem.js";

/** A whole form request, files included, may not exceed this; files are drained, never kept. */
export const MAX_FORM_BYTES = 10 * 1024 * 1024;

const FORM_LIMITS: EncodedBodyLimits = {
  maxFiles: 10,
  maxFileBytes: MAX_FORM_BYTES,
  maxFields: 60,
  maxFieldBytes: 64 * 1024,
  maxTotalBytes: MAX_FORM_BYTES,
};

export const FORM_CONTENT_TYPES = ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"] as const;

export interface FormBody {
  /** Field names come from the client: a null-prototype object, so `__proto__` or `constructor` are ordinary names. */
  readonly fields: Record<string, unknown>;
  /** Names of file parts; their content is read and thrown away. */
  readonly files: readonly string[];
}

function fieldObject(entries: Iterable<readonly [string, unknown]>): Record<string, unknown> {
  const fields = Object.create(null) as Record<string, unknown>;
  for (const [name, value] of entries) fields[name] = value;
  return fields;
}

/** Reads a form submission in any of the three accepted encodings. */
export async function readFormBody(ctx: Context): Promise<FormBody> {
  if (ctx.is("application/json")) {
    const json = await readJson(ctx);
    if (json === null || typeof json !== "object" || Array.isArray(json)) {
      throw new HttpProblem(400, "invalid_json", "The JSON body must be an object of form fields.");
    }
    return { fields: fieldObject(Object.entries(json)), files: [] };
  }
  if (ctx.is("application/x-www-form-urlencoded", "multipart/form-data")) {
    const body = await readEncodedBody(ctx, FORM_LIMITS, drainFileNames);
    // A repeated name (a group of checkboxes) keeps every value.
    const entries = [...body.fields].map(([name, values]) => [name, values.length === 1 ? values[0] : [...values]] as const);
    return { fields: fieldObject(entries), files: body.files };
  }
  throw new HttpProblem(415, "unsupported_media_type", `Send the form as one of: ${FORM_CONTENT_TYPES.join(", ")}.`);
}
