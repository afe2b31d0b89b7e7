import { randomFillSync } from "node:crypto";
import type { IdGenerator } from "../../application/ports/ids.js";

/**
 * RFC 9562 UUIDv7: a millisecond timestamp followed by randomness, so ids sort by creation time
 * (friendly to B-tree indexes and keyset pagination) without leaking a counter.
 */
/** Random bytes drawn from the system in one call per this many ids: one call per id costs microseconds each. */
const POOLED_IDS = 256;

export class UuidV7Ids implements IdGenerator {
  private lastMillis = 0;
  private sequence = 0;
  private readonly pool = Buffer.alloc(16 * POOLED_IDS);
  private pooled = 0;

  newId(): string {
    const bytes = Buffer.alloc(16);
    this.nextRandom(bytes);
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

  /** 16 fresh random bytes; each pooled byte is handed out once. */
  private nextRandom(target: Buffer): void {
    if (this.pooled === 0) {
      randomFillSync(this.pool);
      this.pooled = POOLED_IDS;
    }
    const offset = (POOLED_IDS - this.pooled) * 16;
    this.pool.copy(target, 0, offset, offset + 16);
    this.pooled -= 1;
  }
}
