import { randomBytes } from "node:crypto";
import type { IdGenerator } from "../../application/ports/ids.js";

/**
 * RFC 9562 UUIDv7: a millisecond timestamp followed by randomness, so ids sort by creation time
 * (friendly to B-tree indexes and keyset pagination) without leaking a counter.
 */
export class UuidV7Ids implements IdGenerator {
  private lastMillis = 0;
  private sequence = 0;

  newId(): string {
    const bytes = randomBytes(16);
    let millis = Date.now();
    // Within one millisecond a 12-bit counter keeps ids strictly increasing.
    if (millis <= this.lastMillis) {
      millis = this.lastMillis;
      this.sequence += 1;
      if (this.sequence > 0xfff) {
        millis += 1;
        this.sequence = 0;
      }
    } else {
      this.sequence = bytes.readUInt16BE(6) & 0x7ff;
    }
    this.lastMillis = millis;
    bytes.writeUIntBE(millis, 0, 6);
    bytes[6] = 0x70 | (this.sequence >> 8);
    bytes[7] = this.sequence & 0xff;
    bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
    const hex = bytes.toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}
