/** Makes API keys and the hashes they are stored under; only the hash ever reaches storage. */
export interface Secrets {
  /** A new random token of at least 128 bits, URL-safe. */
  newToken(): string;
  /** A one-way hash used to look a presented key up. */
  hash(token: string): string;
}
