import { Readable } from "node:stream";
import Router from "@koa/router";
import { z } from "zod";
import { AttachmentListSchema, toAttachmentView, type AttachmentListView } from "../../application/attachments/attachment-view.js";
import { asciiFilename } from "../../domain/attachment/attachment.js";
import { workspaceOf, type LeadportState } from "./context.js";
import type { AttachmentLimits, IntakeServices } from "./intake-services.js";
import { replayedIdempotently } from "./idempotency.js";
import { ATTACHMENT_CSP } from "./security-headers.js";
import { requireSecretKey } from "./middleware.js";
import { receiveMultipart } from "./multipart.js";
import type { RouteDoc } from "./openapi/route-doc.js";
import { HttpProblem, unwrap } from "./problem.js";

/** `attachment` so a browser downloads instead of rendering; `filename*` carries umlauts intact. */
export function contentDisposition(filename: string): string {
  return `attachment; filename="${asciiFilename(filename)}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function attachmentRoutes(services: IntakeServices, limits: AttachmentLimits): Router<LeadportState> {
  const router = new Router<LeadportState>({ prefix: "/api/v1" });
  const auth = requireSecretKey(services.authenticate);

  router.post("/inquiries/:id/attachments", auth, async (ctx) => {
    const workspaceId = workspaceOf(ctx.state);
    const inquiryId = String(ctx.params.id);
    // Refuse before reading a single byte when the inquiry does not exist.
    unwrap(await services.listAttachments.execute(workspaceId, inquiryId));
    const upload = await receiveMultipart(ctx, workspaceId, limits, services);
    if (upload.staged.length === 0) {
      throw new HttpProblem(400, "validation_failed", "The request contains no file.", [{ path: "file", message: "at least one file is required" }]);
    }
    const files = upload.staged.map(({ filename, contentType, size, sha256 }) => ({ filename, contentType, size, sha256 }));
    if (await replayedIdempotently(ctx, workspaceId, files)) {
      await services.discardStagedAttachments.execute(upload.staged);
      return;
    }
    const attachments = unwrap(await services.attachToInquiry.execute(workspaceId, inquiryId, upload.staged));
    ctx.status = 201;
    ctx.body = { items: attachments.map(toAttachmentView) } satisfies AttachmentListView;
  });

  router.get("/inquiries/:id/attachments", auth, async (ctx) => {
    const attachments = unwrap(await services.listAttachments.execute(workspaceOf(ctx.state), String(ctx.params.id)));
    ctx.body = { items: attachments.map(toAttachmentView) } satisfies AttachmentListView;
  });

  router.get("/inquiries/:id/attachments/:attachmentId", auth, async (ctx) => {
    const download = unwrap(
      await services.openAttachment.execute(workspaceOf(ctx.state), String(ctx.params.id), String(ctx.params.attachmentId)),
    );
    ctx.set("Content-Disposition", contentDisposition(download.attachment.filename));
    ctx.set("X-Content-Type-Options", "nosniff");
    ctx.set("Content-Security-Policy", ATTACHMENT_CSP);
    ctx.type = download.attachment.contentType;
    ctx.length = download.attachment.size;
    ctx.body = Readable.from(download.content);
  });

  return router;
}

export const attachmentRouteDocs: readonly RouteDoc[] = [
  {
    method: "post",
    path: "/api/v1/inquiries/:id/attachments",
    summary: "Attach one or more files to an inquiry",
    description:
      "multipart/form-data; every file part is stored (any field name). Limits: LEADPORT_ATTACHMENT_MAX_BYTES per file (413), LEADPORT_ATTACHMENT_MAX_FILES per request (400), the whole body at most files × file size plus 1 MiB + 64 KiB for fields (413 as soon as it is passed; the rest is not read). The content type is sniffed from the bytes; the file name is stored without control characters or bidi marks. A failed request stores nothing.",
    tags: ["Attachments"],
    auth: "secret-key",
    body: z.object({ file: z.array(z.string().describe("binary file content")) }),
    bodyContentTypes: ["multipart/form-data"],
    responses: {
      201: { description: "The stored attachments", schema: AttachmentListSchema },
      400: { description: "No file, too many files or a broken or truncated multipart body" },
      404: { description: "No such inquiry in this workspace" },
      409: { description: "A quota is full (attachments per inquiry, attachment bytes per workspace); `detail` names the limit. With an Idempotency-Key: a request with that key is still running" },
      413: { description: "A file or the whole body exceeds its size limit" },
      422: { description: "The Idempotency-Key was already used for a different request" },
      415: { description: "Not multipart/form-data" },
    },
  },
  {
    method: "get",
    path: "/api/v1/inquiries/:id/attachments",
    summary: "List an inquiry's attachments",
    tags: ["Attachments"],
    auth: "secret-key",
    responses: {
      200: { description: "The attachments, oldest first", schema: AttachmentListSchema },
      404: { description: "No such inquiry in this workspace" },
    },
  },
  {
    method: "get",
    path: "/api/v1/inquiries/:id/attachments/:attachmentId",
    summary: "Download an attachment",
    description: "Served with its sniffed Content-Type, `Content-Disposition: attachment` and `X-Content-Type-Options: nosniff`.",
    tags: ["Attachments"],
    auth: "secret-key",
    responses: {
      200: { description: "The file's bytes, with the sniffed content type", contentType: "*/*" },
      404: { description: "No such inquiry or attachment in this workspace" },
    },
  },
];
