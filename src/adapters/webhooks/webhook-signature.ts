import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The scheme payment providers made familiar (Stripe's `Stripe-Signature`), so existing verifier
 * code works with a changed header name: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
 * The timestamp inside the signed text lets a receiver refuse replays of old requests. While a
 * rotated secret's grace period runs the header carries one `v1=` per secret, the new one first
 * (`t=…,v1=<new>,v1=<old>`, as Stripe does): a receiver accepts the request if any of them matches.
 */
export const SIGNATURE_HEADER = "Leadport-Signature";

export function signatureOf(secret: string, timestampSeconds: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestampSeconds}.${body}`, "utf8").digest("hex");
}

export function signatureHeader(secrets: string | readonly string[], timestampSeconds: number, body: string): string {
  const all = typeof secrets === "string" ? [secrets] : secrets;
  return [`t=${timestampSeconds}`, ...all.map((secret) => `v1=${signatureOf(secret, timestampSeconds, body)}`)].join(",");
}

/** The receiving side's check, as the README shows it: right secret, untouched body, recent timestamp. */
export function verifySignature(secret: string, header: string, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = header.split(",").map((part) => part.trim().split("=", 2) as [string, string | undefined]);
  const timestamp = Number(parts.find(([key]) => key === "t")?.[1]);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureOf(secret, timestamp, body), "hex");
  return parts
    .filter(([key]) => key === "v1")
    .some(([, signature]) => {
      const presented = Buffer.from(signature ?? "", "hex");
      return presented.length === expected.length && timingSafeEqual(presented, expected);
    });
}
