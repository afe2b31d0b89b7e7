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

  async stored(messageIds: readonly string[]): Promise<readonly string[]> {
    const found: string[] = [];
    for (const messageId of new Set(messageIds)) if (await this.exists(messageId)) found.push(messageId);
    return found;
  }

  async forget(messageIds: readonly string[]): Promise<number> {
    let deleted = 0;
    for (const messageId of await this.stored(messageIds)) {
      await rm(this.pathOf(messageId), { force: true });
      deleted++;
    }
    return deleted;
  }

  private pathOf(messageId: string): string {
    return join(this.directory, emlFileName(messageId));
  }

  private exists(messageId: string): Promise<boolean> {
    return stat(this.pathOf(messageId)).then(
      () => true,
      () => false,
    );
  }
}
