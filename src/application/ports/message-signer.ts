/** Authenticates a message with a secret (an HMAC), so a token can be checked without storing it. */
export interface MessageSigner {
  /** A URL-safe signature of the message. */
  sign(secret: string, message: string): string;
  /** Whether the signature is the message's, compared in constant time. */
  verify(secret: string, message: string, signature: string): boolean;
}
