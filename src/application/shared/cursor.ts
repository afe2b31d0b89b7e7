import type { PagePosition } from "../ports/pagination.js";

/**
 * Cursors are opaque to clients: base64url of the keyset position. The default order (newest
 * first) keeps its two-part form; other orders add the sort's name and the last value of its key.
 */
export function encodeCursor(position: PagePosition | null): string | null {
  if (!position) return null;
  const parts: unknown[] = [position.createdAt, position.id];
  if (position.sort !== undefined) parts.push(position.sort, position.sortValue ?? null);
  return Buffer.from(JSON.stringify(parts), "utf8").toString("base64url");
}

const isSortValue = (value: unknown): value is string | number | null =>
  value === null || typeof value === "string" || (typeof value === "number" && Number.isFinite(value));

export function decodeCursor(cursor: string | undefined): PagePosition | null | "invalid" {
  if (cursor === undefined || cursor === "") return null;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(decoded) && typeof decoded[0] === "string" && typeof decoded[1] === "string") {
      if (decoded.length === 2) return { createdAt: decoded[0], id: decoded[1] };
      if (decoded.length === 4 && typeof decoded[2] === "string" && isSortValue(decoded[3])) {
        return { createdAt: decoded[0], id: decoded[1], sort: decoded[2], sortValue: decoded[3] };
      }
    }
  } catch {
    // fall through: any undecodable cursor is simply invalid
  }
  return "invalid";
}
