import type { Context } from "koa";
import type { StagedAttachment } from "../../application/attachments/attachments.js";
import { readEncodedBody, type EncodedBodyLimits, type FileSink } from "./encoded-body.js";
import type { AttachmentLimits, IntakeServices } from "./intake-services.js";
import { MAX_JSON_BYTES } from "./json-body.js";
import { HttpProblem } from "./problem.js";

export interface MultipartUpload {
  readonly fields: ReadonlyMap<string, string>;
  readonly staged: readonly StagedAttachment[];
}

const MAX_FIELDS = 20;
/** Room beside the files for the text fields (a `data` part of up to 1 MiB) and the part headers. */
const FIELD_MARGIN_BYTES = MAX_JSON_BYTES + 64 * 1024;

/** The whole upload may carry every allowed file at its full size plus the fields, and not a byte more. */
export function uploadBodyLimits(limits: AttachmentLimits): EncodedBodyLimits {
  return {
    maxFiles: limits.maxFiles,
    maxFileBytes: limits.maxBytes,
    maxFields: MAX_FIELDS,
    maxFieldBytes: MAX_JSON_BYTES,
    maxTotalBytes: limits.maxFiles * limits.maxBytes + FIELD_MARGIN_BYTES,
  };
}

/** Streams every file straight into the blob store as it arrives (never whole into memory). */
function blobStoreSink(
  workspaceId: string,
  maxBytes: number,
  services: Pick<IntakeServices, "stageAttachment" | "discardStagedAttachments">,
): FileSink<StagedAttachment> {
  return {
    receive: async ({ filename, stream }) => {
      // destroyOnReturn: false — a file refused half-way is drained by the reader, not destroyed here.
      const result = await services.stageAttachment.execute(workspaceId, filename, stream.iterator({ destroyOnReturn: false }), maxBytes);
      if (result.ok) return result.value;
      throw new HttpProblem(413, "file_too_large", `The file "${result.error.filename}" exceeds the limit of ${result.error.maxBytes} bytes.`);
    },
    discard: (staged) => services.discardStagedAttachments.execute(staged),
  };
}

/**
 * A multipart/form-data upload: files staged in the blob store, text fields collected (the last
 * value of a repeated name wins). A failed request leaves no blob behind.
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
  const body = await readEncodedBody(ctx, uploadBodyLimits(limits), blobStoreSink(workspaceId, limits.maxBytes, services));
  const fields = new Map<string, string>();
  for (const [name, values] of body.fields) fields.set(name, values[values.length - 1] as string);
  return { fields, staged: body.files };
}
