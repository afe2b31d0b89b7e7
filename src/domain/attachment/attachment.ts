/** A file that came with an inquiry; its bytes live in a blob store under the attachment's id. */
export interface Attachment {
  readonly id: string;
  readonly workspaceId: string;
  readonly inquiryId: string;
  /** The sender's file name, made safe for a Content-Disposition header and a file system. */
  readonly filename: string;
  /** Sniffed from the content, never taken from the sender. */
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly createdAt: string;
}

export const FALLBACK_FILENAME = "attachment";
const MAX_FILENAME_LENGTH = 200;

/**
 * Keeps the last path segment of a sender's file name and drops control characters, quotes and
 * separators, so the name can neither escape a directory nor break a header.
 */
export function safeFilename(name: string | null | undefined): string {
  const lastSegment = (name ?? "").split(/[/\\]/).pop() ?? "";
  const cleaned = lastSegment
    .normalize("NFC")
    // Control characters, and the bidi marks that make "gpj.exe" display as "exe.jpg".
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"*:<>?|;]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "");
  const limited = [...cleaned].slice(0, MAX_FILENAME_LENGTH).join("");
  return limited === "" ? FALLBACK_FILENAME : limited;
}

/** An ASCII-only stand-in for old clients that ignore `filename*`. */
export function asciiFilename(name: string): string {
  const folded = name.normalize("NFD").replace(/\p{M}+/gu, "").replace(/[^\x20-\x7e]/g, "_");
  return folded.replace(/[\\"]/g, "_");
}
