import type { PagePosition } from "../ports/pagination.js";

/** Cursors are opaque to clients: base64url of the keyset position. */
export function encodeCursor(position: PagePosition | null): string | null {
  if (!position) return null;
  return Buffer.from(JSON.stringify([position.createdAt, position.id]), "utf8").toString("base64url");
}

export function decodeCursor(cursor: string | undefined): PagePosition | null | "invalid" {
  if (cursor === undefined || cursor === "") return null;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(decoded) && decoded.length === 2 && typeof decoded[0] === "string" && typeof decoded[1] === "string") {
      return { createdAt: decoded[0], id: decoded[1] };
    }
  } catch {
    // fall through: any undecodable cursor is simply invalid
  }
  return "invalid";
}
