import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The scheme payment providers made familiar (Stripe's `Stripe-Signature`), so existing verifier
 * code works with a changed header name: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
 * The timestamp inside the signed text lets a receiver refuse replays of old requests.
 */
export const SIGNATURE_HEADER = "Leadport-Signature";

export function signatureOf(secret: string, timestampSeconds: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestampSeconds}.${body}`, "utf8").digest("hex");
}

export function signatureHeader(secret: string, timestampSeconds: number, body: string): string {
  return `t=${timestampSeconds},v1=${signatureOf(secret, timestampSeconds, body)}`;
}

/** The receiving side's check, as the README shows it: right secret, untouched body, recent timestamp. */
export function verifySignature(secret: string, header: string, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = new Map(header.split(",").map((part) => part.trim().split("=", 2) as [string, string]));
  const timestamp = Number(parts.get("t"));
  const signature = parts.get("v1") ?? "";
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureOf(secret, timestamp, body), "hex");
  const presented = Buffer.from(signature, "hex");
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
