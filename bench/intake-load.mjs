/*
 * What the HTTP benchmarks share: starting `leadport serve`, the request bodies (a new e-mail
 * address per request), one autocannon round and how rounds combine into one row of a table.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

export const ROOT = join(fileURLToPath(import.meta.url), "../..");
const BIN = join(ROOT, "bin/leadport.js");

/** Names repeat (a thousand surnames), so matching meets namesakes as in a real customer base. */
const FIRST_NAMES = ["Jürgen", "Änne", "Özlem", "Max", "Erika", "Hans", "Björn", "Sören", "Anna", "Paul"];
export const nameOf = (i) => `${FIRST_NAMES[i % FIRST_NAMES.length]} Müller${i % 1000}`;

export function startProcess(args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    const onExit = (code) => reject(new Error(`${args.join(" ")} exited with ${code}`));
    child.on("error", reject);
    child.on("exit", onExit);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const url = /listening on (http:\S+)/.exec(out)?.[1];
      const key = /lp_live_[\w-]+/.exec(out)?.[0];
      if (url && (key || !args.includes("serve") || env.LEADPORT_KEY_KNOWN)) {
        child.off("exit", onExit);
        resolve({ child, url, key });
      }
    });
  });
}

export async function stop(server) {
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill("SIGTERM");
  await exited;
}

/**
 * `leadport serve` without rate limits; the key is printed on the first start only (of a data
 * directory, or of a PostgreSQL schema), so a later start is given it. `env` chooses the database.
 */
export async function serve(dataDir, knownKey, env = {}) {
  const server = await startProcess([BIN, "serve", "--port", "0"], {
    LEADPORT_DATA_DIR: dataDir,
    LEADPORT_API_RATE_PER_KEY: "off",
    LEADPORT_API_RATE_PER_IP: "off",
    ...env,
    ...(knownKey ? { LEADPORT_KEY_KNOWN: "1" } : {}),
  });
  return { ...server, key: server.key ?? knownKey };
}

export async function post(server, path, body) {
  const response = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${server.key}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

let sequence = 0;
export const inquiryBody = (label) => {
  const i = sequence++;
  return JSON.stringify({ title: "Dachsanierung", notes: "Altbau, bitte Rückruf", contact: { name: nameOf(i), email: `${label}-${i}@example.org` } });
};
export const ticketBody = (label) => {
  const i = sequence++;
  return JSON.stringify({ type: "ticket", email: `${label}-${i}@example.org`, name: nameOf(i), message: "Bitte Rückruf" });
};

/**
 * One autocannon round against `path`; each request carries a fresh body. `target.url` may list
 * several servers: autocannon then spreads the connections over them in turn.
 */
export async function load(target, path, makeBody, label, { connections, seconds }) {
  const result = await autocannon({
    url: target.url,
    connections,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: "POST",
        path,
        headers: { "content-type": "application/json", ...(target.key ? { authorization: `Bearer ${target.key}` } : {}) },
        setupRequest: (request) => ({ ...request, body: makeBody(label) }),
      },
    ],
  });
  return {
    requests: result.requests.total,
    perSecond: result.requests.total / seconds,
    ok: result["2xx"],
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.non2xx,
    timeouts: result.timeouts,
  };
}

/** Rounds of one target, combined: all requests over all seconds; the worst p99 and max of the rounds. */
export function combine(rounds) {
  const sorted = rounds.map((r) => r.p50).sort((a, b) => a - b);
  return {
    requests: rounds.reduce((n, r) => n + r.requests, 0),
    perSecond: rounds.reduce((n, r) => n + r.perSecond, 0) / rounds.length,
    p50: sorted[Math.floor(sorted.length / 2)],
    p99: Math.max(...rounds.map((r) => r.p99)),
    max: Math.max(...rounds.map((r) => r.max)),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    timeouts: rounds.reduce((n, r) => n + r.timeouts, 0),
  };
}

export const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const ms = (value) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
export const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
