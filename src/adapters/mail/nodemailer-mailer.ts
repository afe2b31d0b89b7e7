import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import type { Mailer, OutgoingMail } from "../../application/ports/mailer.js";
import { emlFileName } from "./eml-mail-archive.js";

export interface MailerOptions {
  /** e.g. smtps://user:pass@mail.example.de:465; null writes .eml files instead. */
  readonly smtpUrl: string | null;
  readonly from: string;
  /** Where .eml files go when no SMTP server is configured. */
  readonly directory: string;
  /** Connection, greeting and socket timeout; keep it below the outbox lease. */
  readonly timeoutMs: number;
}

/**
 * Sends over SMTP, or — with nothing configured — writes each mail as an .eml file so a first run
 * works and the mail can be opened in any mail program. The file is named after the Message-ID:
 * a resent mail replaces its earlier copy instead of appearing twice.
 */
export class NodemailerMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(private readonly options: MailerOptions) {
    this.transport = options.smtpUrl
      ? nodemailer.createTransport({
          url: options.smtpUrl,
          connectionTimeout: options.timeoutMs,
          greetingTimeout: options.timeoutMs,
          socketTimeout: options.timeoutMs,
        })
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  }

  async send(mail: OutgoingMail): Promise<void> {
    const info = await this.transport.sendMail({
      from: this.options.from,
      to: { name: mail.to.name, address: mail.to.address },
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      headers: { "Auto-Submitted": "auto-generated" },
    });
    if (this.options.smtpUrl) return;
    await this.writeEml(mail.messageId, (info as { message: Buffer }).message);
  }

  private async writeEml(messageId: string, content: Buffer): Promise<void> {
    // Mails carry customers' names and addresses: readable by the server's user only.
    await mkdir(this.options.directory, { recursive: true, mode: 0o700 });
    const target = join(this.options.directory, emlFileName(messageId));
    // Write beside, then rename: a reader never sees half a mail, a crash never leaves one.
    const temporary = `${target}.${process.pid}.tmp`;
    await writeFile(temporary, content, { flag: "w", mode: 0o600 });
    await rename(temporary, target);
  }

  close(): void {
    this.transport.close();
  }
}
