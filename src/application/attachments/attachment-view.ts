import type { Attachment } from "../../domain/attachment/attachment.js";

/** The public shape of an attachment: everything but the workspace, which the caller's key implies. */
export type AttachmentView = Omit<Attachment, "workspaceId">;

export function toAttachmentView(attachment: Attachment): AttachmentView {
  const { workspaceId: _internal, ...view } = attachment;
  return view;
}
