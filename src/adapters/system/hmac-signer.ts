import { createHmac, timingSafeEqual } from "node:crypto";
import type { MessageSigner } from "../../application/ports/message-signer.js";

/** HMAC-SHA-256, base64url. */
export class HmacSigner implements MessageSigner {
  sign(secret: string, message: string): string {
    return createHmac("sha256", secret).update(message, "utf8").digest("base64url");
  }

  verify(secret: string, message: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(secret, message));
    const presented = Buffer.from(signature);
    return presented.length === expected.length && timingSafeEqual(presented, expected);
  }
}
