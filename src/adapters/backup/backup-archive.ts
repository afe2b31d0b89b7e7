import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { pipeline } from "node:stream/promises";
import Database from "better-sqlite3";
import tar from "tar-stream";

/** The database's name inside an archive; attachments sit under `attachments/`. */
const DATABASE_ENTRY = "leadport.db";
const ATTACHMENTS = "attachments";

export interface BackupSources {
  readonly database: string;
  /** The attachments directory (absent: no attachments yet). */
  readonly attachmentsDir: string;
}

export interface BackupSummary {
  readonly files: number;
  readonly bytes: number;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    // Blobs being written are temporary files renamed into place when complete; they are not data yet.
    return entry.isFile() && !entry.name.startsWith(".tmp-") ? [path] : [];
  });
}

/**
 * Writes one tar file: an online copy of the database (SQLite's backup API, consistent even while
 * a server writes) and then the attachment files. A blob written after the copy is included but
 * unreferenced; one deleted meanwhile is missing, as its inquiry was deleted too.
 */
export async function writeBackup(sources: BackupSources, target: string): Promise<BackupSummary> {
  const work = mkdtempSync(join(dirname(target), ".leadport-backup-"));
  const partial = `${target}.partial`;
  try {
    const copy = join(work, DATABASE_ENTRY);
    const source = new Database(sources.database, { readonly: true, fileMustExist: true });
    try {
      await source.backup(copy);
    } finally {
      source.close();
    }
    const pack = tar.pack();
    const written = pipeline(pack, createWriteStream(partial, { mode: 0o600 }));
    const add = async (name: string, path: string): Promise<number> => {
      let size: number;
      try {
        size = statSync(path).size;
      } catch {
        return -1; // deleted since it was listed, with the inquiry it belonged to
      }
      const entry = pack.entry({ name, size, mode: 0o600 });
      await pipeline(createReadStream(path), entry);
      return size;
    };
    let bytes = await add(DATABASE_ENTRY, copy);
    let files = 1;
    for (const path of filesUnder(sources.attachmentsDir)) {
      const size = await add(`${ATTACHMENTS}/${relative(sources.attachmentsDir, path).split(sep).join("/")}`, path);
      if (size < 0) continue;
      bytes += size;
      files += 1;
    }
    pack.finalize();
    await written;
    renameSync(partial, target);
    return { files, bytes };
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(partial, { force: true });
  }
}

export class BackupFormatError extends Error {}

/**
 * Unpacks an archive from writeBackup into place: the database replaces `database` (its -wal and
 * -shm files removed), the attachments replace the attachments directory. Everything is unpacked
 * beside the targets and checked first, so a broken archive leaves the current data untouched.
 */
export async function restoreBackup(archive: string, targets: BackupSources): Promise<BackupSummary> {
  mkdirSync(dirname(targets.database), { recursive: true, mode: 0o700 });
  const work = mkdtempSync(join(dirname(targets.database), ".leadport-restore-"));
  try {
    const extract = tar.extract();
    let files = 0;
    let bytes = 0;
    let sawDatabase = false;
    extract.on("entry", (header, stream, next) => {
      const name = header.name;
      const safe = name === DATABASE_ENTRY || (name.startsWith(`${ATTACHMENTS}/`) && !name.split("/").includes("..") && header.type === "file");
      if (!safe) {
        stream.resume();
        extract.destroy(new BackupFormatError(`unexpected entry "${name}" in the backup`));
        return;
      }
      if (name === DATABASE_ENTRY) sawDatabase = true;
      const path = join(work, ...name.split("/"));
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      files += 1;
      bytes += header.size ?? 0;
      pipeline(stream, createWriteStream(path, { mode: 0o600 })).then(
        () => next(),
        (error: unknown) => next(error as Error),
      );
    });
    try {
      await pipeline(createReadStream(archive), extract);
    } catch (error) {
      if (error instanceof BackupFormatError) throw error;
      throw new BackupFormatError(`${archive} is not a Leadport backup (${(error as Error).message})`);
    }
    if (!sawDatabase) throw new BackupFormatError(`${archive} holds no database; is it a Leadport backup?`);
    const check = new Database(join(work, DATABASE_ENTRY), { readonly: true });
    try {
      const result: unknown = check.pragma("integrity_check", { simple: true });
      if (result !== "ok") throw new BackupFormatError(`the database in ${archive} is damaged: ${String(result)}`);
    } finally {
      check.close();
    }
    for (const suffix of ["-wal", "-shm"]) rmSync(`${targets.database}${suffix}`, { force: true });
    renameSync(join(work, DATABASE_ENTRY), targets.database);
    rmSync(targets.attachmentsDir, { recursive: true, force: true });
    if (existsSync(join(work, ATTACHMENTS))) {
      mkdirSync(dirname(targets.attachmentsDir), { recursive: true, mode: 0o700 });
      renameSync(join(work, ATTACHMENTS), targets.attachmentsDir);
    }
    return { files, bytes };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
