import type { Attachment } from "../../domain/attachment/attachment.js";

export interface AttachmentView {
  readonly id: string;
  readonly inquiryId: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly createdAt: string;
}

export function toAttachmentView(attachment: Attachment): AttachmentView {
  const { workspaceId: _internal, ...view } = attachment;
  return view;
}
