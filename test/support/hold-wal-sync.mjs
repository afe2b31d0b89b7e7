/*
 * Preloaded into a `leadport serve` under test (`node --import`): while the file named by
 * LEADPORT_TEST_HOLD_SYNC exists, every fdatasync (the group commit's sync of the WAL) announces
 * itself on stderr and never finishes. The batch it belongs to has been committed to the WAL but
 * not answered, which is the moment a crash test wants to kill the process in.
 */
import { existsSync } from "node:fs";
import { open } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const flag = process.env.LEADPORT_TEST_HOLD_SYNC;
const probe = await open(fileURLToPath(import.meta.url), "r");
const FileHandle = Object.getPrototypeOf(probe);
await probe.close();
const datasync = FileHandle.datasync;
FileHandle.datasync = function heldDatasync() {
  if (flag && existsSync(flag)) {
    process.stderr.write("holding a WAL sync\n");
    return new Promise(() => {});
  }
  return datasync.call(this);
};
