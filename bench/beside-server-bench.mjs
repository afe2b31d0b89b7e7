#!/usr/bin/env node
/*
 * The CLI beside the running server: `npm run bench` (after the import benchmark), or on its own
 * with `npm run build && node bench/beside-server-bench.mjs`. Starts a real `leadport serve`, lets
 * a few clients post inquiries for a while (the baseline), then again while `leadport import`
 * writes a generated German CSV into the same database, and reports the clients' latencies
 * (p50, p99, max), their errors and the import's rate. Writes its section of BENCHMARKS.md.
 *
 *   BENCH_BESIDE_ROWS     rows of the import (default 20000)
 *   BENCH_BESIDE_CLIENTS  concurrent clients, each posting one request after the other (default 4)
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeBenchmarkSection } from "./benchmarks-file.mjs";

const ROOT = join(fileURLToPath(import.meta.url), "../..");
const BIN = join(ROOT, "bin/leadport.js");
const ROWS = Number(process.env.BENCH_BESIDE_ROWS ?? 20_000);
const CLIENTS = Number(process.env.BENCH_BESIDE_CLIENTS ?? 4);
const BASELINE_MS = 5_000;

function exportCsv(rows) {
  const lines = ["Kundennummer;Vorname;Nachname;E-Mail;Ort;Betreff;Erwarteter Wert"];
  for (let i = 1; i <= rows; i++) lines.push(`K-${i};Jürgen;Müller${i % 997};kunde${i}@example.org;Köln;Anfrage ${i};${(i % 900) + 100},50`);
  return `${lines.join("\r\n")}\r\n`;
}

/** `leadport serve` on a free port; resolves with its URL and the key printed on first start. */
function serve(dataDir) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "serve", "--port", "0"], {
      // The bench measures storage latency, not the rate limiter.
      env: { ...process.env, LEADPORT_DATA_DIR: dataDir, LEADPORT_API_RATE_PER_KEY: "off" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`leadport serve exited with ${code}`)));
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const url = /listening on (http:\S+)/.exec(out)?.[1];
      const key = /lp_live_[\w-]+/.exec(out)?.[0];
      if (url && key) resolve({ child, url, key });
    });
  });
}

function run(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (chunk) => (err += chunk));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`leadport ${args[0]} exited with ${code}: ${err}`))));
  });
}

/** Clients posting inquiries one after the other until `done` resolves. */
async function load({ url, key }, label, done) {
  let running = true;
  void done.finally(() => (running = false));
  const answers = [];
  const client = async (n) => {
    for (let i = 0; running; i++) {
      const started = performance.now();
      try {
        const response = await fetch(`${url}/api/v1/inquiries`, {
          method: "POST",
          headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
          body: JSON.stringify({ title: "Rückruf", contact: { name: `Client ${n}`, email: `${label}-${n}-${i}@example.org` } }),
        });
        await response.arrayBuffer();
        answers.push({ status: response.status, ms: performance.now() - started });
      } catch {
        answers.push({ status: 0, ms: performance.now() - started });
      }
    }
  };
  await Promise.all([...Array.from({ length: CLIENTS }, (_, n) => client(n)), done]);
  return answers;
}

function summary(answers, seconds) {
  const sorted = answers.map((a) => a.ms).sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return {
    requests: answers.length,
    perSecond: answers.length / seconds,
    p50: at(0.5),
    p99: at(0.99),
    max: sorted[sorted.length - 1],
    created: answers.filter((a) => a.status === 201).length,
    busy: answers.filter((a) => a.status === 503).length,
    failed: answers.filter((a) => a.status !== 201 && a.status !== 503).length,
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "leadport-beside-bench-"));
  let server;
  try {
    const csv = join(dir, "kontakte.csv");
    writeFileSync(csv, exportCsv(ROWS));
    server = await serve(join(dir, "data"));
    console.error(`Baseline: ${CLIENTS} clients for ${BASELINE_MS / 1000} s ...`);
    let started = performance.now();
    const baseline = summary(await load(server, "baseline", new Promise((resolve) => setTimeout(resolve, BASELINE_MS))), BASELINE_MS / 1000);
    console.error(`Importing ${ROWS} rows beside the server with ${CLIENTS} clients ...`);
    started = performance.now();
    const importing = run(["import", csv], { LEADPORT_DATA_DIR: join(dir, "data") });
    const beside = load(server, "beside", importing);
    const answers = await beside;
    const seconds = (performance.now() - started) / 1000;
    const during = { ...summary(answers, seconds), importSeconds: seconds, rowsPerSecond: ROWS / seconds };
    const section = render(baseline, during);
    writeBenchmarkSection("beside-server", section);
    console.log(section);
  } finally {
    server?.child.removeAllListeners("exit");
    server?.child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (value) => `${value.toFixed(1)} ms`;

function render(baseline, during) {
  const row = (name, s) =>
    `| ${name} | ${s.requests.toLocaleString("en")} | ${s.perSecond.toFixed(0)} | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(s.max)} | ${s.busy} | ${s.failed} |`;
  return `## The CLI beside the running server

Generated by \`node bench/beside-server-bench.mjs\` (part of \`npm run bench\`) on ${new Date().toISOString().slice(0, 10)}:
Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, shared with other work.
A real \`leadport serve\` (its outbox dispatcher running) and ${CLIENTS} clients, each posting one
\`POST /api/v1/inquiries\` after the other with a new e-mail address. First ${BASELINE_MS / 1000} s without
anything else, then while \`leadport import\` writes ${ROWS.toLocaleString("en")} rows of a German CSV into
the same database file from its own process.

| Phase | Requests | Req/s | p50 | p99 | Max | 503 | Errors |
|---|---:|---:|---:|---:|---:|---:|---:|
${row("server alone", baseline)}
${row("during the import", during)}

The import took ${during.importSeconds.toFixed(1)} s (${Math.round(during.rowsPerSecond).toLocaleString("en")} rows/s) beside the clients: slower than alone
(see above) because it shares the write lock, and the two cores, with the server, its clients and its
outbox dispatcher working through the import's events.
Target: every request answered within 1 s (a 503 with \`Retry-After\` would count as answered, but is
not expected). The import holds the write lock per batch of 100 rows and leaves it free after each
batch for as long as it held it (at most 20 ms); the server waits for the lock on timers, never
blocking its event loop, and reads never wait for it (docs/adr/0006).
`;
}

await main();
