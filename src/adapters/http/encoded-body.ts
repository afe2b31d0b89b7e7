import type { Readable } from "node:stream";
import busboy from "busboy";
import type { Context } from "koa";
import { HttpProblem } from "./problem.js";

/** The limits of one multipart or URL-encoded body; every one of them ends the request early. */
export interface EncodedBodyLimits {
  readonly maxFiles: number;
  /** Bytes a file part may have before its stream is cut (the sink decides whether that fails). */
  readonly maxFileBytes: number;
  readonly maxFields: number;
  readonly maxFieldBytes: number;
  /** The whole body, preamble and part headers included: past it the request is answered 413 and no longer read. */
  readonly maxTotalBytes: number;
}

export interface IncomingFile {
  /** The form field the file was sent under. */
  readonly field: string;
  /** The name the client gave the file (may be empty). */
  readonly filename: string;
  readonly stream: Readable;
}

/**
 * What happens to file parts. `receive` must read the stream to its end or until it errors; a
 * rejection fails the whole request. `discard` undoes what `receive` kept when the request fails.
 */
export interface FileSink<T> {
  receive(file: IncomingFile): Promise<T>;
  discard(received: readonly T[]): Promise<void>;
}

export interface EncodedBody<T> {
  /** Fields in arrival order; a repeated name (a group of checkboxes) keeps every value. */
  readonly fields: ReadonlyMap<string, readonly string[]>;
  /** What the sink made of each file, in the order the files were sent. */
  readonly files: readonly T[];
}

const invalid = (error: unknown) =>
  new HttpProblem(400, "invalid_multipart", `The form body cannot be read: ${error instanceof Error ? error.message : String(error)}`);

const tooLarge = (limit: number) => new HttpProblem(413, "payload_too_large", `The body exceeds the limit of ${limit} bytes.`);

/**
 * Reads a multipart/form-data or application/x-www-form-urlencoded body through busboy. Every
 * stream gets its error listener the moment it exists: a truncated or malformed body is a 400,
 * never an unhandled `error` event. On any failure the files received so far are discarded
 * through the sink before the problem is thrown, so a failed request leaves nothing behind.
 */
export async function readEncodedBody<T>(ctx: Context, limits: EncodedBodyLimits, sink: FileSink<T>): Promise<EncodedBody<T>> {
  const declared = Number(ctx.get("content-length") || 0);
  // Past the cap the rest is not read: the answer goes out at once and the connection is cut
  // soon after it (closeWhenBodyUnread), so a client cannot make the server swallow gigabytes.
  if (declared > limits.maxTotalBytes) throw tooLarge(limits.maxTotalBytes);
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: ctx.req.headers,
      // Browsers and curl send file names and fields as raw UTF-8; busboy's default would read latin1.
      defCharset: "utf8",
      defParamCharset: "utf8",
      // One byte over the file limit is enough for a sink to notice and refuse the file.
      limits: { files: limits.maxFiles, fileSize: limits.maxFileBytes + 1, fields: limits.maxFields, fieldSize: limits.maxFieldBytes },
    });
  } catch (error) {
    throw invalid(error);
  }

  const fields = new Map<string, string[]>();
  // Slots in arrival order: sinks finish in any order, but files keep the order they were sent in.
  const slots: Array<{ value: T } | undefined> = [];
  const pending: Array<Promise<void>> = [];
  // File streams still open; on failure they are destroyed so their sinks settle instead of waiting forever.
  const streaming = new Set<Readable>();
  let failure: unknown = null;
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));

  const fail = (error: unknown) => {
    if (failure) return;
    failure = error;
    ctx.req.unpipe(parser);
    // The rest of the body is read and dropped (the cap below still stops it), so a client that
    // is still sending sees the answer instead of a reset.
    ctx.req.resume();
    const reason = error instanceof Error ? error : new Error(String(error));
    for (const stream of streaming) stream.destroy(reason);
    finished();
  };

  let received = 0;
  ctx.req.on("data", (chunk: Buffer) => {
    received += chunk.length;
    if (received > limits.maxTotalBytes) {
      fail(tooLarge(limits.maxTotalBytes));
      ctx.req.pause();
    }
  });
  ctx.req.on("error", (error) => fail(invalid(error)));
  ctx.req.on("aborted", () => fail(new HttpProblem(400, "upload_aborted", "The upload was aborted.")));
  parser.on("error", (error) => fail(invalid(error)));
  parser.on("close", () => finished());

  parser.on("file", (field, stream, info) => {
    stream.on("error", (error) => fail(invalid(error)));
    if (failure) {
      stream.resume();
      return;
    }
    const slot = slots.push(undefined) - 1;
    streaming.add(stream);
    stream.once("close", () => streaming.delete(stream));
    pending.push(
      sink.receive({ field, filename: info.filename ?? "", stream }).then(
        (value) => {
          slots[slot] = { value };
        },
        (error: unknown) => fail(error),
      ).finally(() => {
        // A file refused half-way must still be drained, or busboy stalls waiting for it.
        if (!stream.destroyed) stream.resume();
      }),
    );
  });
  parser.on("field", (name, value, info) => {
    if (failure) return;
    if (info.valueTruncated || info.nameTruncated) {
      fail(new HttpProblem(413, "payload_too_large", `The field "${name}" exceeds ${limits.maxFieldBytes} bytes.`, [
        { path: name, message: `must be at most ${limits.maxFieldBytes} bytes` },
      ]));
      return;
    }
    const values = fields.get(name);
    if (values) values.push(value);
    else fields.set(name, [value]);
  });
  // Reading stops at the limit, so the answer names the limit but cannot count what was sent.
  parser.on("filesLimit", () =>
    fail(
      new HttpProblem(
        400,
        "too_many_files",
        `Too many files: at most ${limits.maxFiles} files per request.`,
        [{ path: "files", message: `at most ${limits.maxFiles} files per request` }],
        undefined,
        { limit: limits.maxFiles },
      ),
    ),
  );
  parser.on("fieldsLimit", () =>
    fail(new HttpProblem(400, "too_many_fields", `Too many form fields: at most ${limits.maxFields}.`, [], undefined, { limit: limits.maxFields })),
  );

  ctx.req.pipe(parser);
  await done;
  await Promise.allSettled(pending);
  const files = slots.filter((slot): slot is { value: T } => slot !== undefined).map((slot) => slot.value);
  if (failure) {
    await sink.discard(files);
    throw failure;
  }
  return { fields, files };
}

/** A sink for bodies whose files are not kept: each file is read and thrown away, its name recorded. */
export const drainFileNames: FileSink<string> = {
  receive: ({ field, filename, stream }) =>
    new Promise<string>((resolve, reject) => {
      stream.once("end", () => resolve(filename || field));
      stream.once("error", reject);
      stream.resume();
    }),
  discard: async () => undefined,
};
