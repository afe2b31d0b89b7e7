import { request } from "node:http";

export interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** Body bytes the client managed to hand to the socket before the answer came. */
  readonly bytesSent: number;
}

export interface RawRequest {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** The body, sent as given; `endless` keeps sending this chunk until the answer comes (or `maxBytes`). */
  readonly body?: string | Buffer;
  readonly endless?: { readonly chunk: Buffer; readonly maxBytes: number };
  /** Send the body but never finish it: the answer must come without the rest. */
  readonly leaveOpen?: boolean;
}

/**
 * One request over node:http, written by hand so a test can send what fetch refuses to send:
 * a body that never ends, or more bytes than the server is willing to read.
 */
export function rawRequest(url: string, path: string, options: RawRequest = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let bytesSent = 0;
    let answered = false;
    const req = request(new URL(path, url), { method: options.method ?? "POST", headers: options.headers, agent: false });
    req.on("response", (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString("utf8"), bytesSent });
        req.destroy();
      });
      response.on("error", reject);
    });
    // A server that stops reading and closes may reset the socket under the client's feet; the
    // answer it gave first is what counts.
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    if (options.body !== undefined) {
      req.write(options.body);
      bytesSent += Buffer.byteLength(options.body);
    }
    if (options.endless) {
      const { chunk, maxBytes } = options.endless;
      const pump = () => {
        while (!answered && !req.destroyed && bytesSent < maxBytes) {
          bytesSent += chunk.length;
          if (!req.write(chunk)) {
            req.once("drain", pump);
            return;
          }
        }
        if (!answered && !req.destroyed) req.end();
      };
      pump();
      return;
    }
    if (!options.leaveOpen) req.end();
  });
}
