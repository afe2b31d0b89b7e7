import { z } from "zod";
import type { Attachment } from "../../domain/attachment/attachment.js";
import type { Assert, SameShape } from "../shared/view-schemas.js";
import { listOf, TimestampSchema } from "../shared/view-schemas.js";

/** The public shape of an attachment: everything but the workspace, which the caller's key implies. */
export const AttachmentViewSchema = z.object({
  id: z.string(),
  inquiryId: z.string(),
  filename: z.string().describe("The sender's file name, made safe."),
  contentType: z.string().describe("Sniffed from the content, never taken from the sender."),
  size: z.number().int().describe("bytes"),
  sha256: z.string().describe("hex"),
  createdAt: TimestampSchema,
});
export type AttachmentView = z.output<typeof AttachmentViewSchema>;
type _AttachmentViewIsTheAttachmentWithoutWorkspace = Assert<SameShape<AttachmentView, Omit<Attachment, "workspaceId">>>;

export const AttachmentListSchema = listOf(AttachmentViewSchema);
export type AttachmentListView = z.output<typeof AttachmentListSchema>;

export function toAttachmentView(attachment: Attachment): AttachmentView {
  const { workspaceId: _internal, ...view } = attachment;
  return view;
}
