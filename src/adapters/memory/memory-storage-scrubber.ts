import type { StorageScrubber } from "../../application/ports/personal-data.js";

/** The in-memory adapter writes no files: a deleted record is gone once it is unreachable. */
export class MemoryStorageScrubber implements StorageScrubber {
  async scrub(): Promise<boolean> {
    return true;
  }
}
