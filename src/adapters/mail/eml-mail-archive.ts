import { rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { MailArchive } from "../../application/ports/personal-data.js";

/** The .eml file a mail is stored under: its Message-ID, made safe as a file name. */
export function emlFileName(messageId: string): string {
  return `${messageId.replace(/^<|>$/g, "").replace(/[^A-Za-z0-9._-]/g, "_")}.eml`;
}

/** The .eml files NodemailerMailer writes when no SMTP server is configured, found by Message-ID. */
export class EmlMailArchive implements MailArchive {
  constructor(private readonly directory: string) {}

  async forget(messageIds: readonly string[]): Promise<number> {
    let deleted = 0;
    for (const messageId of new Set(messageIds)) {
      const path = join(this.directory, emlFileName(messageId));
      const exists = await stat(path).then(
        () => true,
        () => false,
      );
      if (!exists) continue;
      await rm(path, { force: true });
      deleted++;
    }
    return deleted;
  }
}
