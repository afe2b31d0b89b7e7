import type { Readable } from "node:stream";
import busboy from "busboy";
import type { Context } from "koa";
import type { StagedAttachment } from "../../application/attachments/attachment-use-cases.js";
import type { AttachmentLimits, IntakeServices } from "./intake-services.js";
import { MAX_JSON_BYTES } from "./json-body.js";
import { HttpProblem } from "./problem.js";

export interface MultipartUpload {
  readonly fields: ReadonlyMap<string, string>;
  readonly staged: readonly StagedAttachment[];
}

const MAX_FIELDS = 20;

/**
 * Streams a multipart/form-data body: every file goes straight into the blob store as it arrives
 * (never whole into memory), text fields are collected. When anything fails — a limit, a broken
 * body, an aborted upload — the files staged so far are deleted before the error is thrown, so a
 * failed request leaves no blob behind.
 */
export async function receiveMultipart(
  ctx: Context,
  workspaceId: string,
  limits: AttachmentLimits,
  services: Pick<IntakeServices, "stageAttachment" | "discardStagedAttachments">,
): Promise<MultipartUpload> {
  if (!ctx.is("multipart/form-data")) {
    throw new HttpProblem(415, "unsupported_media_type", "Send the files as multipart/form-data.");
  }
  const fields = new Map<string, string>();
  // Slots in arrival order: files finish storing in any order, but keep the order they were sent in.
  const slots: Array<StagedAttachment | undefined> = [];
  const pending: Array<Promise<void>> = [];
  // Files still streaming; when the request breaks off they are ended with an error so that
  // their half-written blobs are removed instead of waiting forever for the rest.
  const streaming = new Set<Readable>();
  let failure: unknown = null;
  const fail = (error: unknown) => {
    failure ??= error;
  };

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: ctx.req.headers,
      // Browsers and curl send file names as raw UTF-8; busboy's default would read them as latin1.
      defParamCharset: "utf8",
      // One byte over the limit is enough for the blob store to notice and refuse the file.
      limits: { files: limits.maxFiles, fileSize: limits.maxBytes + 1, fields: MAX_FIELDS, fieldSize: MAX_JSON_BYTES },
    });
  } catch (error) {
    throw new HttpProblem(400, "invalid_multipart", `The multipart body cannot be read: ${(error as Error).message}`);
  }

  parser.on("file", (_name, stream, info) => {
    if (failure) {
      stream.resume();
      return;
    }
    const slot = slots.push(undefined) - 1;
    streaming.add(stream);
    stream.once("end", () => streaming.delete(stream));
    pending.push(
      // destroyOnReturn: false — a file refused half-way must still be drained, or busboy stalls.
      services.stageAttachment.execute(workspaceId, info.filename, stream.iterator({ destroyOnReturn: false }), limits.maxBytes).then(
        (result) => {
          if (result.ok) slots[slot] = result.value;
          else fail(new HttpProblem(413, "file_too_large", `The file "${result.error.filename}" exceeds the limit of ${result.error.maxBytes} bytes.`));
          stream.resume();
        },
        (error: unknown) => {
          fail(error);
          stream.resume();
        },
      ),
    );
  });
  parser.on("field", (name, value, info) => {
    if (info.valueTruncated) fail(new HttpProblem(413, "payload_too_large", `The field "${name}" exceeds ${MAX_JSON_BYTES} bytes.`));
    else fields.set(name, value);
  });
  parser.on("filesLimit", () =>
    fail(new HttpProblem(400, "too_many_files", `Too many files: at most ${limits.maxFiles} files per request.`, [
      { path: "files", message: `at most ${limits.maxFiles} files per request` },
    ])),
  );
  parser.on("fieldsLimit", () => fail(new HttpProblem(400, "too_many_fields", `Too many form fields: at most ${MAX_FIELDS}.`)));

  try {
    await new Promise<void>((resolve, reject) => {
      parser.on("close", resolve);
      parser.on("error", (error: Error) => reject(new HttpProblem(400, "invalid_multipart", `The multipart body cannot be read: ${error.message}`)));
      ctx.req.on("error", reject);
      ctx.req.on("aborted", () => reject(new HttpProblem(400, "upload_aborted", "The upload was aborted.")));
      ctx.req.pipe(parser);
    });
  } catch (error) {
    fail(error);
    for (const stream of streaming) stream.destroy(error instanceof Error ? error : new Error(String(error)));
  }
  await Promise.allSettled(pending);
  const staged = slots.filter((file): file is StagedAttachment => file !== undefined);
  if (failure) {
    await services.discardStagedAttachments.execute(staged);
    throw failure;
  }
  return { fields, staged };
}
