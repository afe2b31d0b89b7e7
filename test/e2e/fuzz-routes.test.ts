import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLeadport } from "../support/cli.js";
import { buildHostApp, registeredRoutes, type RegisteredRoute } from "../support/routes.js";
import { startTestServer, type TestServer } from "../support/server.js";

/** Path segments that broke servers before: prototype names, NUL, traversal, very long ones. */
const NASTY_SEGMENTS = ["__proto__", "constructor", "toString", "hasOwnProperty", "%00", "..", "%2e%2e", "%2F", "a".repeat(5000), "%E2%80%AE", "%ff"];
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"];

const segment = fc.oneof(
  fc.constantFrom(...NASTY_SEGMENTS),
  fc.string({ maxLength: 40 }).map((text) => encodeURIComponent(text)),
  fc.constant("anna@firma.de"),
);

const query = fc.option(
  fc.array(fc.tuple(fc.oneof(fc.constantFrom("__proto__", "constructor", "limit", "cursor", "q", "token", "key"), fc.string({ maxLength: 10 })), fc.string({ maxLength: 20 })), { maxLength: 4 }),
  { nil: undefined },
);

/** A multipart body that may end anywhere, with parts of any names and file names. */
const multipart = fc
  .record({
    boundary: fc.constantFrom("zzz", "----leadport", "x"),
    parts: fc.array(
      fc.record({
        name: fc.oneof(fc.constantFrom("file", "data", "__proto__", "constructor", "name", "email", "message", "key"), fc.string({ maxLength: 10 })),
        filename: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
        content: fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 2 })),
      }),
      { maxLength: 4 },
    ),
    cut: fc.option(fc.nat(), { nil: undefined }),
    withBoundary: fc.boolean(),
  })
  .map(({ boundary, parts, cut, withBoundary }) => {
    const text =
      parts
        .map((part) => {
          const filename = part.filename === undefined ? "" : `; filename="${part.filename.replace(/["\r\n]/g, "")}"`;
          return `--${boundary}\r\nContent-Disposition: form-data; name="${part.name.replace(/["\r\n]/g, "")}"${filename}\r\n\r\n${part.content}\r\n`;
        })
        .join("") + `--${boundary}--\r\n`;
    return {
      contentType: withBoundary ? `multipart/form-data; boundary=${boundary}` : "multipart/form-data",
      body: cut === undefined ? text : text.slice(0, cut % (text.length + 1)),
    };
  });

const jsonBody = fc
  .oneof(
    fc.json({ maxDepth: 3 }),
    fc.constantFrom('{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"x":1}}}', '{"contact":{"name":"A\\u0000B","email":"x@example.org"}}', "{", "[]", "null"),
  )
  .map((body) => ({ contentType: "application/json", body }));

const otherBody = fc.oneof(
  fc.string({ maxLength: 200 }).map((body) => ({ contentType: "application/x-www-form-urlencoded", body })),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ contentType: "application/octet-stream", body: bytes })),
);

const body = fc.option(fc.oneof(multipart, jsonBody, otherBody), { nil: undefined });

function concretePath(route: RegisteredRoute, values: readonly string[]): string {
  let index = 0;
  return route.path.replace(/:\w+/g, () => values[index++ % values.length] ?? "x");
}

describe("fuzzing every documented route", () => {
  let server: TestServer;
  let routes: RegisteredRoute[];
  let publishable: string;

  beforeAll(async () => {
    server = await startTestServer({ LEADPORT_FORM_RATE_PER_IP: "off", LEADPORT_FORM_RATE_PER_KEY: "off" });
    const { app, close } = buildHostApp();
    routes = registeredRoutes(app);
    close();
    const run = await runLeadport(["keys", "create", "--name", "Website", "--publishable", "--origin", "https://www.example.org"], { LEADPORT_DATA_DIR: server.dataDir });
    publishable = run.stdout.trim().split("\n").pop()!;
    expect((await server.request("/api/v1/staff", { method: "POST", json: { name: "Anna", email: "anna@firma.de" } })).status).toBe(201);
  });

  afterAll(async () => {
    await server.stop();
  });

  it("answers arbitrary paths, methods, queries and bodies with 2xx-4xx and stays alive", async () => {
    expect(routes.length).toBeGreaterThan(20);
    const request = fc.record({
      route: fc.constantFrom(...routes),
      values: fc.array(segment, { minLength: 1, maxLength: 3 }),
      extra: fc.option(fc.array(segment, { minLength: 1, maxLength: 3 }), { nil: undefined }),
      method: fc.oneof(fc.constant(undefined), fc.constantFrom(...METHODS)),
      query,
      body,
      auth: fc.constantFrom("secret", "publishable", "none"),
    });

    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        let path = concretePath(r.route, r.values);
        if (r.extra) path += `/${r.extra.join("/")}`;
        if (r.query) path += `?${r.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")}`;
        const method = r.method ?? r.route.method.toUpperCase();
        const headers: Record<string, string> = {};
        if (r.auth === "secret") headers.Authorization = `Bearer ${server.key}`;
        if (r.auth === "publishable") headers["X-API-KEY"] = publishable;
        const sendsBody = r.body !== undefined && method !== "GET" && method !== "HEAD";
        if (sendsBody) headers["Content-Type"] = r.body!.contentType;
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), 5000);
        try {
          const response = await fetch(`${server.url}${path}`, {
            method,
            headers,
            body: sendsBody ? r.body!.body : undefined,
            signal: controller.signal,
          });
          // Event streams never end by themselves; their status is all that counts.
          if (response.headers.get("content-type")?.startsWith("text/event-stream")) await response.body?.cancel();
          else await response.arrayBuffer();
          expect(response.status, `${method} ${path.slice(0, 200)}`).toBeGreaterThanOrEqual(200);
          expect(response.status, `${method} ${path.slice(0, 200)}`).toBeLessThan(500);
        } finally {
          clearTimeout(timer);
        }
      }),
      { numRuns: 2000, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );

    const health = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(1000) });
    expect(health.status).toBe(200);
    expect(server.output.filter((line) => line.includes('"request failed"'))).toEqual([]);
  }, 90_000);
});
