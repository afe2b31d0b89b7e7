import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import type { WebhookRequest, WebhookTransport } from "../../application/webhooks/webhook-transport.js";
import type { AttemptOutcome } from "../../domain/webhook/delivery.js";
import { addressRefusal, type TargetPolicy } from "../../domain/webhook/target.js";
import { SIGNATURE_HEADER, signatureHeader } from "./webhook-signature.js";

export interface HttpTransportOptions {
  readonly targets: TargetPolicy;
  /** The whole exchange, connecting included; a receiver should answer at once and work later. */
  readonly timeoutMs: number;
  /** Of an answer's body, at most this much is read; the rest is never downloaded. */
  readonly maxResponseBytes: number;
  readonly userAgent: string;
}

class RefusedTarget extends Error {}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * Sends webhooks with Node's own HTTP client: no redirects (a 3xx is a failed attempt, so a
 * receiver cannot bounce the request elsewhere), a deadline for the whole exchange, a capped
 * answer. The target's addresses are checked in the connection's own DNS lookup, so a name that
 * resolves to a private address — or starts to, between the check and the connect — is refused.
 */
export class HttpWebhookTransport implements WebhookTransport {
  constructor(private readonly options: HttpTransportOptions) {}

  send(request: WebhookRequest): Promise<AttemptOutcome> {
    return new Promise<AttemptOutcome>((resolve) => {
      let settled = false;
      const settle = (outcome: AttemptOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve(outcome);
      };
      const deadline = setTimeout(() => {
        outgoing?.destroy();
        settle({ kind: "failed", error: `no answer within ${this.options.timeoutMs} ms` });
      }, this.options.timeoutMs);

      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        return settle({ kind: "failed", error: "the target URL is not valid" });
      }
      const host = url.hostname.replace(/^\[|\]$/g, "");
      // Address literals never pass through a lookup: they are checked here.
      const literalRefusal = isIP(host) ? addressRefusal(host, this.options.targets) : null;
      if (literalRefusal) return settle({ kind: "failed", error: `refused: ${literalRefusal}` });

      const timestamp = Math.floor(request.sentAt.getTime() / 1000);
      const body = Buffer.from(request.body, "utf8");
      const client = url.protocol === "https:" ? httpsRequest : httpRequest;
      const outgoing = client(
        url,
        {
          method: "POST",
          agent: false,
          lookup: this.checkedLookup,
          headers: {
            "Content-Type": "application/json",
            "Content-Length": body.length,
            "User-Agent": this.options.userAgent,
            "Leadport-Event-Id": request.eventId,
            "Leadport-Event-Type": request.eventType,
            "Leadport-Delivery-Id": request.deliveryId,
            "Leadport-Timestamp": String(timestamp),
            [SIGNATURE_HEADER]: signatureHeader(request.secrets, timestamp, request.body),
          },
        },
        (response) => this.readAnswer(response, request.sentAt, settle),
      );
      outgoing.on("error", (error) =>
        settle({ kind: "failed", error: error instanceof RefusedTarget ? `refused: ${error.message}` : `${(error as NodeJS.ErrnoException).code ?? "error"}: ${error.message}` }),
      );
      outgoing.end(body);
    });
  }

  private readonly checkedLookup = (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = addresses.map((entry) => addressRefusal(entry.address, this.options.targets)).find((reason) => reason !== null);
      if (refused) return callback(new RefusedTarget(`${hostname} resolves to ${refused}`), []);
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new RefusedTarget(`${hostname} has no address`), []);
      callback(null, first.address, first.family);
    });
  };

  private readAnswer(response: IncomingMessage, sentAt: Date, settle: (outcome: AttemptOutcome) => void): void {
    const statusCode = response.statusCode ?? 0;
    const retryAfterMs = parseRetryAfter(response.headers["retry-after"], sentAt);
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = () => settle({ kind: "answered", statusCode, retryAfterMs, body: Buffer.concat(chunks).toString("utf8") });
    response.on("data", (chunk: Buffer) => {
      const room = this.options.maxResponseBytes - size;
      if (room > 0) chunks.push(chunk.subarray(0, room));
      size += chunk.length;
      if (size >= this.options.maxResponseBytes) {
        // Enough read: the rest of a large answer is not downloaded.
        finish();
        response.destroy();
      }
    });
    response.on("end", finish);
    response.on("error", finish);
    response.on("close", finish);
  }
}

/** `Retry-After` in seconds or as an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: Date): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/** Math.random is enough for jitter: it only spreads retries, it protects nothing. */
export const mathRandom = { next: () => Math.random() };
