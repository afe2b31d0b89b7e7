import { createHash, randomBytes } from "node:crypto";
import type { Secrets } from "../../application/ports/secrets.js";

export class CryptoSecrets implements Secrets {
  newToken(): string {
    return randomBytes(24).toString("base64url");
  }

  /**
   * SHA-256 suffices for keys: they carry 192 random bits, so there is nothing to brute-force,
   * and a fast hash keeps authentication off the hot path. Lookup is by hash, so no secret is
   * ever compared character by character.
   */
  hash(token: string): string {
    return createHash("sha256").update(token, "utf8").digest("hex");
  }
}
