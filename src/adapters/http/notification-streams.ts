import { PassThrough } from "node:stream";
import { HttpProblem } from "./problem.js";

/** Bounds on open notification streams (SSE); each one holds a socket and a file descriptor. */
export interface StreamLimits {
  readonly perStaff: number;
  readonly perKey: number;
  readonly total: number;
  /** A stream is ended after this long; the client reconnects with Last-Event-ID and misses nothing. */
  readonly maxLifetimeMs: number;
  /** How often an open stream checks that its key and its staff member still exist. */
  readonly recheckMs: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = { perStaff: 5, perKey: 20, total: 1000, maxLifetimeMs: 3_600_000, recheckMs: 5_000 };

/** Over a limit the client is told to come back later; streams end within the lifetime anyway. */
export const STREAM_RETRY_AFTER_SECONDS = 30;

export class TooManyStreams extends HttpProblem {
  constructor(what: string, limit: number) {
    super(429, "too_many_streams", `At most ${limit} notification streams may be open ${what}; close one or retry later.`);
  }
}

export interface StreamOwner {
  /** `workspaceId/staffId` */
  readonly staff: string;
  /** The key that opened it; undefined for streams opened with a stream token. */
  readonly keyId: string | undefined;
}

interface OpenStream extends StreamOwner {
  readonly body: PassThrough;
}

/** Every open notification stream of this process, so limits can be counted and shutdown can end them. */
export class OpenStreams {
  private readonly open = new Set<OpenStream>();
  private closing = false;

  constructor(private readonly limits: StreamLimits) {}

  /** Opens a stream for `owner`, or throws 429 when one of the limits is reached. */
  admit(owner: StreamOwner): PassThrough {
    if (this.closing) throw new HttpProblem(503, "shutting_down", "The server is shutting down; reconnect in a moment.");
    const streams = [...this.open];
    if (streams.length >= this.limits.total) throw new TooManyStreams("on this server", this.limits.total);
    if (streams.filter((s) => s.staff === owner.staff).length >= this.limits.perStaff) {
      throw new TooManyStreams("per staff member", this.limits.perStaff);
    }
    if (owner.keyId !== undefined && streams.filter((s) => s.keyId === owner.keyId).length >= this.limits.perKey) {
      throw new TooManyStreams("per API key", this.limits.perKey);
    }
    const entry: OpenStream = { ...owner, body: new PassThrough() };
    // A write racing the stream's end (a replay finishing after the client left) must not become
    // an unhandled 'error' event that ends the process; the stream is simply over.
    entry.body.on("error", () => entry.body.destroy());
    this.open.add(entry);
    entry.body.once("close", () => this.open.delete(entry));
    return entry.body;
  }

  get size(): number {
    return this.open.size;
  }

  /** Ends every stream and refuses new ones, so the server can close. */
  closeAll(): void {
    this.closing = true;
    for (const stream of [...this.open]) stream.body.end();
  }
}
