#!/usr/bin/env node
/*
 * Intake on PostgreSQL beside SQLite: the last part of `npm run bench`, or on its own with
 * `npm run build && node bench/postgres-bench.mjs`. POST /api/v1/inquiries (autocannon, a new
 * e-mail address per request) in alternating rounds, so the ratios compare like with like on a
 * shared, noisy machine, against:
 *
 *   a. one `leadport serve` on SQLite (the default),
 *   b. one on PostgreSQL,
 *   c. two on the same PostgreSQL schema, the load spread over both,
 *   d. one on PostgreSQL with staff to notify (its outbox dispatcher sending mails and in-app
 *      notifications per inquiry).
 *
 * Every database starts empty; each PostgreSQL server gets a schema of its own, dropped at the end.
 * Skips itself when no PostgreSQL server answers. Writes its section of BENCHMARKS.md.
 *
 *   LEADPORT_BENCH_POSTGRES_URL  (default postgres://postgres@127.0.0.1:5432/test)
 *   BENCH_PG_SECONDS             seconds per round (default 5)
 *   BENCH_PG_ROUNDS              alternating rounds (default 3)
 *   BENCH_PG_CONNECTIONS         (default 50)
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { writeBenchmarkSection } from "./benchmarks-file.mjs";
import { combine, inquiryBody, load, ms, pause, post, ratio, serve, stop } from "./intake-load.mjs";

const POSTGRES_URL = process.env.LEADPORT_BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const SECONDS = Number(process.env.BENCH_PG_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_PG_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_PG_CONNECTIONS ?? 50);

/** One short-lived connection for the bench's own statements (probe, counts, dropping schemas). */
async function withPostgres(work) {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The server's version and the settings that decide what a commit costs, or null when none answers. */
async function postgresServer() {
  try {
    return await withPostgres(async (client) => {
      const setting = async (name) => (await client.query(`SHOW ${name}`)).rows[0][name];
      return { version: (await setting("server_version")).split(" ")[0], fsync: await setting("fsync"), synchronousCommit: await setting("synchronous_commit") };
    });
  } catch (error) {
    return { unreachable: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * CPU time (user + system, ms) the given processes have used so far, from /proc; null elsewhere.
 * Divided by the requests of a round it tells whether Leadport's own work or the wait for the
 * database bounds the rate.
 */
function cpuMs(processes) {
  if (!existsSync("/proc/self/stat")) return null;
  const ticksPerSecond = 100; // USER_HZ, 100 on every Linux the bench runs on
  return processes.reduce((sum, child) => {
    // Fields after the command name, which is in parentheses and may contain spaces: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1].split(" ");
    return sum + ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  }, 0);
}

/** One client posting one inquiry after the other, spread over the target's URLs; latency p50 and p99 in ms. */
async function sequentialLatency(target, label, times = 200) {
  const urls = [target.url].flat();
  const latencies = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const response = await fetch(`${urls[i % urls.length]}/api/v1/inquiries`, {
      method: "POST",
      headers: { Authorization: `Bearer ${target.key}`, "Content-Type": "application/json" },
      body: inquiryBody(label),
    });
    await response.arrayBuffer();
    if (response.status !== 201) throw new Error(`${label}: ${response.status}`);
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  return { p50: latencies[Math.floor(times / 2)], p99: latencies[Math.ceil(times * 0.99) - 1] };
}

const PENDING = "SELECT count(*) AS n FROM outbox WHERE status <> 'done'";
const pendingInSchema = (schema) => () => withPostgres(async (client) => Number((await client.query(PENDING.replace("outbox", `${schema}.outbox`))).rows[0].n));
const pendingInFile = (path) => async () => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(PENDING).get().n;
  } finally {
    db.close();
  }
};

/**
 * Waits until a target's outbox is empty, so that its dispatcher's backlog (every inquiry's events;
 * with staff, their mails) does not run into the next target's round. Returns the time it took.
 */
async function drainOutbox(pending, limitMs = 60_000) {
  const started = performance.now();
  while (performance.now() - started < limitMs && (await pending()) > 0) await pause(250);
  return performance.now() - started;
}

const freshSchemaName = (label) => `lp_bench_${label}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;

async function main() {
  const server = await postgresServer();
  if (server.unreachable) {
    console.error(`Skipping the PostgreSQL benchmark: no PostgreSQL server answers at ${POSTGRES_URL} (${server.unreachable}).`);
    console.error("Set LEADPORT_BENCH_POSTGRES_URL to a database where it may create and drop schemas of its own to measure it.");
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "leadport-postgres-bench-"));
  const servers = [];
  const schemas = [];
  const started = async (promise) => {
    const instance = await promise;
    servers.push(instance);
    return instance;
  };
  const onPostgres = (label) => {
    const schema = freshSchemaName(label);
    schemas.push(schema);
    return { LEADPORT_DATABASE_URL: POSTGRES_URL, LEADPORT_DATABASE_SCHEMA: schema };
  };
  try {
    const sqlite = await started(serve(join(dir, "sqlite")));
    const postgresEnv = onPostgres("one");
    const postgres = await started(serve(join(dir, "one"), undefined, postgresEnv));
    // The first instance creates the schema and the workspace and prints its key; the second,
    // started after it, finds both (as a second machine behind a load balancer would).
    const twoEnv = onPostgres("two");
    const first = await started(serve(join(dir, "two-a"), undefined, twoEnv));
    const second = await started(serve(join(dir, "two-b"), first.key, twoEnv));
    const staffedEnv = onPostgres("staffed");
    const staffed = await started(serve(join(dir, "staffed"), undefined, staffedEnv));
    for (const n of [1, 2]) {
      await post(staffed, "/api/v1/staff", { name: `Vertrieb ${n}`, email: `vertrieb${n}@example.org`, emailEnabled: true });
    }

    const options = { connections: CONNECTIONS, seconds: SECONDS };
    // One autocannon for both instances: it hands its connections to the URLs in turn (25 each at
    // 50), so the two share one load generator and one latency histogram, as the single targets do.
    const both = { url: [first.url, second.url], key: first.key };
    const targets = {
      sqlite: { target: sqlite, processes: [sqlite.child], label: "sqlite", pending: pendingInFile(join(dir, "sqlite", "leadport.db")) },
      postgres: { target: postgres, processes: [postgres.child], label: "pg-one", pending: pendingInSchema(postgresEnv.LEADPORT_DATABASE_SCHEMA) },
      twoInstances: { target: both, processes: [first.child, second.child], label: "pg-two", pending: pendingInSchema(twoEnv.LEADPORT_DATABASE_SCHEMA) },
      staffed: { target: staffed, processes: [staffed.child], label: "pg-staffed", pending: pendingInSchema(staffedEnv.LEADPORT_DATABASE_SCHEMA) },
    };
    const rounds = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
    const cpu = Object.fromEntries(Object.keys(targets).map((name) => [name, { ms: 0, requests: 0, known: true }]));
    const drained = Object.fromEntries(Object.keys(targets).map((name) => [name, 0]));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [name, { target, processes, label, pending }] of Object.entries(targets)) {
        console.error(`Round ${round}: ${name} ...`);
        const cpuBefore = cpuMs(processes);
        const result = await load(target, "/api/v1/inquiries", inquiryBody, label, options);
        const cpuAfter = cpuMs(processes);
        rounds[name].push(result);
        if (cpuBefore === null || cpuAfter === null) cpu[name].known = false;
        else cpu[name] = { ms: cpu[name].ms + cpuAfter - cpuBefore, requests: cpu[name].requests + result.requests, known: cpu[name].known };
        drained[name] = Math.max(drained[name], await drainOutbox(pending));
        await pause(1000);
      }
    }
    const intake = Object.fromEntries(Object.entries(rounds).map(([name, list]) => [name, combine(list)]));
    const cpuPerRequest = Object.fromEntries(Object.entries(cpu).map(([name, c]) => [name, c.known && c.requests > 0 ? c.ms / c.requests : null]));
    // Nothing acknowledged may be missing, whichever instance answered (counted before the single
    // client adds its own).
    const acknowledged = (name) => rounds[name].reduce((n, r) => n + r.ok, 0);
    const stored = await withPostgres(async (client) => {
      const count = async (env) => Number((await client.query(`SELECT count(*) AS n FROM ${env.LEADPORT_DATABASE_SCHEMA}.inquiries`)).rows[0].n);
      return { postgres: await count(postgresEnv), twoInstances: await count(twoEnv), staffed: await count(staffedEnv) };
    });
    const complete = Object.entries(stored).map(([name, n]) => ({ name, acknowledged: acknowledged(name), stored: n }));

    console.error("One client, one request after the other ...");
    const sequential = {};
    for (const [name, { target, label, pending }] of Object.entries(targets)) {
      sequential[name] = await sequentialLatency(target, `${label}-seq`);
      await drainOutbox(pending);
    }

    const section = render(server, intake, complete, { cpuPerRequest, sequential, drained });
    writeBenchmarkSection("postgres", section);
    console.log(section);
  } finally {
    await Promise.all(servers.map((instance) => (instance.child.exitCode === null ? stop(instance) : undefined)));
    if (schemas.length > 0) {
      await withPostgres(async (client) => {
        for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      });
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** How much of Leadport's own CPU the change of database costs, where /proc told. */
function cpuComparison(cpuPerRequest) {
  const { sqlite, postgres } = cpuPerRequest;
  if (sqlite === null || postgres === null) return "";
  return `The Leadport process itself spends ${ratio(postgres, sqlite)} the CPU per request on PostgreSQL\n(sending statements and reading their results instead of calling SQLite in-process), and the database\nserver's own CPU comes on top, on the same cores. `;
}

const LETTERS = { sqlite: "a", postgres: "b", twoInstances: "c", staffed: "d" };

function render(server, intake, complete, { cpuPerRequest, sequential, drained }) {
  const row = (label, name) => {
    const s = intake[name];
    const cpu = cpuPerRequest[name] === null ? "–" : `${cpuPerRequest[name].toFixed(2)} ms`;
    return `| ${label} | ${s.requests.toLocaleString("en")} | ${Math.round(s.perSecond).toLocaleString("en")} | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(s.max)} | ${s.errors} | ${s.timeouts} | ${cpu} | ${ms(sequential[name].p50)} / ${ms(sequential[name].p99)} |`;
  };
  const { sqlite, postgres, twoInstances, staffed } = intake;
  const allStored = complete.every((c) => c.stored >= c.acknowledged);
  return `## Intake on PostgreSQL, one and two instances, beside SQLite

Generated by \`node bench/postgres-bench.mjs\` (part of \`npm run bench\`) on ${new Date().toISOString().slice(0, 10)}:
Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, shared with other work.
PostgreSQL ${server.version} runs on the same machine (127.0.0.1; fsync ${server.fsync}, synchronous_commit ${server.synchronousCommit}),
so it, every Leadport process and the load generator (autocannon, ${CONNECTIONS} connections, a new e-mail address
per request) share the same ${cpus().length} cores. ${ROUNDS} alternating rounds of ${SECONDS} s per target; req/s is the mean of the
rounds, p99 and max the worst round's (requests still in flight when a round ends are stored but
not counted). Every database starts empty: a new SQLite file, and a new
PostgreSQL schema per target, dropped afterwards. Each PostgreSQL instance uses a pool of 10 connections.
For two instances one autocannon is given both URLs and hands its connections to them in turn
(${CONNECTIONS / 2} each), so req/s and the percentiles are over both, from one histogram, as for the single targets.

| Target | Requests | Req/s | p50 | p99 | Max | Errors | Timeouts | Leadport CPU per request | One client: p50 / p99 |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${row("(a) one instance on SQLite (the default)", "sqlite")}
${row("(b) one instance on PostgreSQL", "postgres")}
${row("(c) two instances on one PostgreSQL schema, load spread over both", "twoInstances")}
${row("(d) one instance on PostgreSQL with 2 staff to notify (mail + in-app per inquiry)", "staffed")}

"Leadport CPU per request": user + system CPU of the Leadport process(es) during the rounds, divided
by the requests answered (for (c) both processes). After each round the bench waits until that
target's outbox is empty, so its dispatcher's backlog does not run into the next round; that took at most
${Object.entries(drained).map(([name, took]) => `${(took / 1000).toFixed(1)} s for (${LETTERS[name]})`).join(", ")} (work not counted above). At
${CONNECTIONS} connections, CPU per request far below the time per request means the requests wait (for the
database, or for a core) rather than work. "One client": ${200} requests one after the other
(over both instances for (c)) after the rounds, the latency a single web form sees.

| Ratio | Measured |
|---|---:|
| (b) PostgreSQL vs (a) SQLite, one instance each | ${ratio(postgres.perSecond, sqlite.perSecond)} |
| (c) two PostgreSQL instances vs (b) one | ${ratio(twoInstances.perSecond, postgres.perSecond)} |
| (c) two PostgreSQL instances vs (a) one on SQLite | ${ratio(twoInstances.perSecond, sqlite.perSecond)} |
| (d) with staff to notify vs (b) without, PostgreSQL | ${ratio(staffed.perSecond, postgres.perSecond)} |
| every acknowledged inquiry stored (inquiries in the schema ≥ 201 answers; stored / answered) | ${allStored ? "yes" : "**no**"}: ${complete.map((c) => `(${LETTERS[c.name]}) ${c.stored.toLocaleString("en")} / ${c.acknowledged.toLocaleString("en")}`).join(", ")} |

How to read (c): here the second instance brings no CPU of its own. Two Node processes, PostgreSQL
and autocannon contend for the same ${cpus().length} cores, so (c)/(b) shows what running two instances against one
database costs or gains on one small machine, not how intake scales when each instance has a machine
of its own. Several instances are meant for servers on several machines sharing one database
(docs/adr/0018): each brings its own CPU for HTTP, validation and matching, while the database orders
the writes.

How to read (b)/(a): SQLite commits inside the server's own process (group commit, one fdatasync per
batch of concurrent requests). On PostgreSQL each request is a transaction of its own, every statement
a round trip to another process, and each commit waits for its WAL flush (PostgreSQL shares one flush
among commits that arrive together).
${cpuComparison(cpuPerRequest)}The single client's latency shows what one inquiry from a web form costs either way.
`;
}

await main();
