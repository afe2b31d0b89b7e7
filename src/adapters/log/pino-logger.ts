import { pino, type Logger } from "pino";

export interface LoggerOptions {
  /** Where each JSON line goes (tests capture them); default stdout. */
  readonly write?: (line: string) => void;
  /** Human-readable lines instead of JSON; default: when stdout is a terminal. */
  readonly pretty?: boolean;
  readonly level?: string;
}

const EMAIL = /[^\s"'<>@]+@[^\s"'<>@]+\.[^\s"'<>@]+/g;
const API_KEY = /lp_(?:live|pub)_[\w-]+/g;

/** Free text from elsewhere (an SMTP server's rejection) may name a recipient or echo a key. */
export function scrubText(text: string): string {
  return text.replace(API_KEY, "[key]").replace(EMAIL, "[email]");
}

/**
 * The process's structured log. Fields that could carry personal data or secrets are censored by
 * name wherever a caller might pass them; free text goes through scrubText.
 */
export async function createLogger(options: LoggerOptions = {}): Promise<Logger> {
  const settings = {
    level: options.level ?? "info",
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ["key", "apiKey", "authorization", "email", "phone", "*.key", "*.apiKey", "*.authorization", "*.email", "*.phone"],
      censor: "[redacted]",
    },
    formatters: { level: (label: string) => ({ level: label }) },
  };
  if (options.write) {
    const write = options.write;
    return pino(settings, { write: (line: string) => write(line.replace(/\n$/, "")) });
  }
  if (options.pretty ?? process.stdout.isTTY) {
    // Loaded only for a terminal: every CLI command imports this module, and most never log.
    const { default: pretty } = await import("pino-pretty");
    return pino(settings, pretty({ colorize: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname", sync: true }));
  }
  return pino(settings, pino.destination({ dest: 1, sync: true }));
}
