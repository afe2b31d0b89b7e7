import busboy from "busboy";
import type { Context } from "koa";
import { readJson } from "../json-body.js";
import { HttpProblem } from "../problem.js";

/** A whole form request, files included, may not exceed this; files are drained, never kept. */
export const MAX_FORM_BYTES = 10 * 1024 * 1024;
const MAX_FIELDS = 60;
const MAX_FIELD_BYTES = 64 * 1024;
const MAX_FILES = 10;

export const FORM_CONTENT_TYPES = ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"] as const;

export interface FormBody {
  readonly fields: Record<string, unknown>;
  /** Names of file parts; their content is read and thrown away. */
  readonly files: string[];
}

function addField(fields: Record<string, unknown>, name: string, value: string): void {
  const previous = fields[name];
  // A repeated name (a group of checkboxes) keeps every value.
  if (previous === undefined) fields[name] = value;
  else fields[name] = Array.isArray(previous) ? [...previous, value] : [previous, value];
}

function tooLarge(): HttpProblem {
  return new HttpProblem(413, "payload_too_large", `The form exceeds the limit of ${MAX_FORM_BYTES} bytes or ${MAX_FIELDS} fields.`);
}

/** URL-encoded and multipart bodies through busboy, with hard limits on size and counts. */
function readEncodedForm(ctx: Context): Promise<FormBody> {
  const declared = Number(ctx.get("content-length") || 0);
  if (declared > MAX_FORM_BYTES) return Promise.reject(tooLarge());
  return new Promise<FormBody>((resolve, reject) => {
    const fields: Record<string, unknown> = {};
    const files: string[] = [];
    let failed = false;
    const fail = (problem: HttpProblem) => {
      if (failed) return;
      failed = true;
      ctx.req.unpipe();
      ctx.req.resume();
      reject(problem);
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: ctx.req.headers,
        defCharset: "utf8",
        defParamCharset: "utf8",
        limits: { fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, files: MAX_FILES, fileSize: MAX_FORM_BYTES },
      });
    } catch {
      reject(new HttpProblem(400, "invalid_body", "The form body could not be read (multipart without a boundary?)."));
      return;
    }
    let received = 0;
    ctx.req.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_FORM_BYTES) fail(tooLarge());
    });
    parser.on("field", (name, value, info) => {
      if (info.valueTruncated || info.nameTruncated) return fail(new HttpProblem(413, "payload_too_large", `The field "${name}" is too long.`));
      addField(fields, name, value);
    });
    parser.on("file", (name, stream, info) => {
      files.push(info.filename || name);
      stream.resume();
    });
    parser.on("fieldsLimit", () => fail(tooLarge()));
    parser.on("filesLimit", () => fail(new HttpProblem(413, "payload_too_large", `The form carries more than ${MAX_FILES} files.`)));
    parser.on("error", () => fail(new HttpProblem(400, "invalid_body", "The form body could not be read.")));
    parser.on("close", () => {
      if (!failed) resolve({ fields, files });
    });
    ctx.req.pipe(parser);
  });
}

/** Reads a form submission in any of the three accepted encodings. */
export async function readFormBody(ctx: Context): Promise<FormBody> {
  if (ctx.is("application/json")) {
    const json = await readJson(ctx);
    if (json === null || typeof json !== "object" || Array.isArray(json)) {
      throw new HttpProblem(400, "invalid_json", "The JSON body must be an object of form fields.");
    }
    return { fields: json as Record<string, unknown>, files: [] };
  }
  if (ctx.is("application/x-www-form-urlencoded", "multipart/form-data")) return readEncodedForm(ctx);
  throw new HttpProblem(415, "unsupported_media_type", `Send the form as one of: ${FORM_CONTENT_TYPES.join(", ")}.`);
}
