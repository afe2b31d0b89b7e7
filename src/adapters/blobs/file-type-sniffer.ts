import { fileTypeFromBuffer } from "file-type";
import type { ContentSniffer } from "../../application/ports/blob-store.js";

export const TEXT_CONTENT_TYPE = "text/plain; charset=utf-8";
export const BINARY_CONTENT_TYPE = "application/octet-stream";

/**
 * Magic numbers first (file-type); what has none but decodes as UTF-8 without control
 * characters is text. The sender's claimed type is never trusted: it would let an upload be
 * served back as HTML.
 */
export class FileTypeSniffer implements ContentSniffer {
  async sniff(head: Uint8Array): Promise<string> {
    if (head.length === 0) return BINARY_CONTENT_TYPE;
    const detected = await fileTypeFromBuffer(head);
    if (detected) return detected.mime;
    return looksLikeText(head) ? TEXT_CONTENT_TYPE : BINARY_CONTENT_TYPE;
  }
}

function looksLikeText(head: Uint8Array): boolean {
  let text: string;
  try {
    // stream: true tolerates a character cut in half at the end of the head
    text = new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
  } catch {
    return false;
  }
  return !/[\u0000-\u0008\u000e-\u001f\u007f]/.test(text);
}
