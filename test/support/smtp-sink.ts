import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  readonly messageId: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly raw: string;
  readonly text: string;
  readonly html: string;
}

export interface SmtpSink {
  readonly url: string;
  readonly received: ReceivedMail[];
  /** While down, every connection is refused with 421 (a mail server that is not there). */
  down: boolean;
  /** While set, a message's data is read but never acknowledged: the sender hangs mid-send. */
  hang: boolean;
  /** Resolves when a message arrives while `hang` is set. */
  hung(): Promise<ReceivedMail>;
  countByMessageId(): Map<string, number>;
  stop(): Promise<void>;
}

/** Header value, unfolded, with MIME encoded words (=?UTF-8?Q?…?=) decoded. */
function header(head: string, name: string): string {
  const value = new RegExp(`^${name}:\\s*(.*)$`, "im").exec(head.replace(/\r?\n[ \t]+/g, " "))?.[1]?.trim() ?? "";
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_all, encoding: string, text: string) =>
      encoding.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : decodeQuotedPrintable(text.replace(/_/g, " ")),
    );
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const soft = text.replace(/=\r?\n/g, "");
  for (let i = 0; i < soft.length; i++) {
    const hex = soft[i] === "=" ? /^[0-9A-F]{2}$/i.exec(soft.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i] ?? "", "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

/** The decoded text/plain or text/html part of a multipart message. */
function part(raw: string, type: "text/plain" | "text/html"): string {
  for (const section of raw.split(/\r?\n--[^\r\n]+\r?\n/)) {
    const split = section.search(/\r?\n\r?\n/);
    const head = section.slice(0, split);
    if (!new RegExp(`^Content-Type:\\s*${type}`, "im").test(head)) continue;
    const body = section.slice(split).replace(/^\r?\n\r?\n/, "").replace(/\r?\n--[^\r\n]*--\s*$/, "");
    const encoding = header(head, "Content-Transfer-Encoding").toLowerCase();
    if (encoding === "base64") return Buffer.from(body, "base64").toString("utf8");
    return encoding === "quoted-printable" ? decodeQuotedPrintable(body) : body;
  }
  return "";
}

/** A real SMTP server on 127.0.0.1 and a random port that keeps what it receives. */
export async function startSmtpSink(): Promise<SmtpSink> {
  let notifyHung: ((mail: ReceivedMail) => void) | null = null;
  const sink = {
    received: [] as ReceivedMail[],
    down: false,
    hang: false,
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    closeTimeout: 100,
    onConnect(_session, callback) {
      if (sink.down) {
        const refusal = new Error("Service not available") as Error & { responseCode: number };
        refusal.responseCode = 421;
        return callback(refusal);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const head = raw.slice(0, raw.search(/\r?\n\r?\n/));
        const mail: ReceivedMail = {
          messageId: header(head, "Message-ID"),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: header(head, "Subject"),
          raw,
          text: part(raw, "text/plain"),
          html: part(raw, "text/html"),
        };
        if (sink.hang) {
          notifyHung?.(mail);
          return; // never acknowledged
        }
        sink.received.push(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
  return Object.assign(sink, {
    url: `smtp://127.0.0.1:${port}`,
    hung: () => new Promise<ReceivedMail>((resolve) => (notifyHung = resolve)),
    countByMessageId: () => {
      const counts = new Map<string, number>();
      for (const mail of sink.received) counts.set(mail.messageId, (counts.get(mail.messageId) ?? 0) + 1);
      return counts;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** Polls until the condition holds; generous by default because the machine is shared. */
export async function eventually<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
