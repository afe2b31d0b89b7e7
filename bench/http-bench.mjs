#!/usr/bin/env node
/*
 * HTTP intake and search benchmark: part of `npm run bench`, or on its own with
 * `npm run build && node bench/http-bench.mjs`. Everything runs in one run, in alternating
 * rounds, so the ratios compare like with like on a shared, noisy machine:
 *
 *   1. POST /api/v1/inquiries on a real `leadport serve` (auth, validation, matching against
 *      100,000 existing customers, score, outbox, commit) vs a bare Koa route parsing the same
 *      body vs a hand-written Koa + zod + better-sqlite3 route (match-or-create + insert + outbox
 *      in one synchronous=FULL transaction per request; bench/reference-servers.mjs).
 *   2. The same Leadport server with staff to notify (mails and in-app notifications per inquiry).
 *   3. lead.php (a web-form ticket) on Leadport.
 *   5. Scale: intake and GET /api/v1/inquiries?q=… with 1,000 vs 200,000 customers and inquiries.
 *
 * autocannon, 50 connections, a unique e-mail per request. Writes its section of BENCHMARKS.md.
 *
 *   BENCH_HTTP_SECONDS      seconds per round (default 5)
 *   BENCH_HTTP_ROUNDS       alternating rounds (default 2)
 *   BENCH_HTTP_CONNECTIONS  (default 50)
 *   BENCH_HTTP_CUSTOMERS    existing customers for 1.–3. (default 100000)
 *   BENCH_SCALE_LARGE       customers and inquiries of the large scale database (default 200000)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { writeBenchmarkSection } from "./benchmarks-file.mjs";
import { combine, inquiryBody, load as loadWith, ms, nameOf, pause, post, ratio, ROOT, serve, startProcess, stop, ticketBody } from "./intake-load.mjs";
import Database from "better-sqlite3";

const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 50);
const CUSTOMERS = Number(process.env.BENCH_HTTP_CUSTOMERS ?? 100_000);
const SCALE_SMALL = 1_000;
const SCALE_LARGE = Number(process.env.BENCH_SCALE_LARGE ?? 200_000);

const { normalizeName } = await import(join(ROOT, "dist/domain/shared/text.js"));
const { customerSearchText, inquirySearchText } = await import(join(ROOT, "dist/adapters/shared/search-text.js"));

/**
 * A Leadport data directory with `customers` customers and `inquiries` inquiries. One inquiry goes
 * through the API as a template; the others are copies of its rows written straight into the file
 * (the API would take minutes), with the keys and search texts the application computes.
 */
async function leadportData(dir, customers, inquiries) {
  const first = await serve(dir);
  const key = first.key;
  await post(first, "/api/v1/inquiries", { title: "Vorlage", contact: { name: "Vorlage Kunde", email: "vorlage@example.org" } });
  await stop(first);
  const db = new Database(join(dir, "leadport.db"));
  db.pragma("synchronous = OFF");
  const customer = db.prepare("SELECT * FROM customers LIMIT 1").get();
  const inquiry = db.prepare("SELECT * FROM inquiries LIMIT 1").get();
  const insertInto = (table, row) => {
    const columns = Object.keys(row);
    return db.prepare(`INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((c) => "@" + c).join(", ")})`);
  };
  const insertCustomer = insertInto("customers", customer);
  const insertInquiry = insertInto("inquiries", inquiry);
  const customerData = JSON.parse(customer.data);
  const inquiryData = JSON.parse(inquiry.data);
  db.transaction(() => {
    for (let i = 0; i < Math.max(customers, inquiries); i++) {
      const [firstName, lastName] = nameOf(i).split(" ");
      const email = `bestand${i}@example.org`;
      const createdAt = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
      const id = `seed-c-${i}`;
      if (i < customers) {
        const data = { ...customerData, id, firstName, lastName, email, emailKey: email, nameKey: normalizeName(`${firstName} ${lastName}`), createdAt, updatedAt: createdAt };
        insertCustomer.run({ ...customer, id, email_key: email, name_key: data.nameKey, search_text: customerSearchText(data), created_at: createdAt, data: JSON.stringify(data) });
      }
      if (i < inquiries) {
        const data = { ...inquiryData, id: `seed-i-${i}`, customerId: id, title: `Anfrage ${i}`, contact: { ...inquiryData.contact, name: nameOf(i), email }, createdAt, updatedAt: createdAt };
        insertInquiry.run({ ...inquiry, id: data.id, customer_id: id, search_text: inquirySearchText(data), created_at: createdAt, data: JSON.stringify(data) });
      }
    }
  })();
  db.close();
  return key;
}

function handwrittenData(path, customers) {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  return import("./reference-servers.mjs").then(({ HANDWRITTEN_SCHEMA }) => {
    db.exec(HANDWRITTEN_SCHEMA);
    const insert = db.prepare("INSERT INTO customers (id, email_key, name_key, created_at, data) VALUES (?, ?, ?, ?, ?)");
    db.transaction(() => {
      for (let i = 0; i < customers; i++) {
        const email = `bestand${i}@example.org`;
        insert.run(`seed-c-${i}`, email, nameOf(i).toLowerCase(), new Date().toISOString(), JSON.stringify({ name: nameOf(i), email }));
      }
    })();
    db.close();
  });
}

const load = (target, path, makeBody, label) => loadWith(target, path, makeBody, label, { connections: CONNECTIONS, seconds: SECONDS });

/** Sequential GETs of one search; latency percentiles in ms. */
async function searchLatency(server, needle, times = 100) {
  const latencies = [];
  let count = 0;
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const response = await fetch(`${server.url}/api/v1/inquiries?q=${encodeURIComponent(needle)}&limit=20`, { headers: { Authorization: `Bearer ${server.key}` } });
    const body = await response.json();
    latencies.push(performance.now() - started);
    count = body.items.length;
  }
  latencies.sort((a, b) => a - b);
  return { p50: latencies[Math.floor(times / 2)], p99: latencies[Math.ceil(times * 0.99) - 1], found: count };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "leadport-http-bench-"));
  const servers = [];
  const started = async (promise) => {
    const server = await promise;
    servers.push(server);
    return server;
  };
  try {
    console.error(`Seeding ${CUSTOMERS} customers for Leadport (twice) and the hand-written route ...`);
    const plainKey = await leadportData(join(dir, "plain"), CUSTOMERS, 0);
    const staffedKey = await leadportData(join(dir, "staffed"), CUSTOMERS, 0);
    await handwrittenData(join(dir, "handwritten.db"), CUSTOMERS);

    const plain = await started(serve(join(dir, "plain"), plainKey));
    const staffed = await started(serve(join(dir, "staffed"), staffedKey));
    for (const n of [1, 2]) {
      await post(staffed, "/api/v1/staff", { name: `Vertrieb ${n}`, email: `vertrieb${n}@example.org`, emailEnabled: true });
    }
    const bare = await started(startProcess([join(ROOT, "bench/reference-servers.mjs"), "bare"]));
    const handwritten = await started(startProcess([join(ROOT, "bench/reference-servers.mjs"), "handwritten", join(dir, "handwritten.db")]));

    const targets = {
      bare: () => load(bare, "/", inquiryBody, "bare"),
      leadport: () => load(plain, "/api/v1/inquiries", inquiryBody, "plain"),
      handwritten: () => load(handwritten, "/", inquiryBody, "hand"),
      staffed: () => load(staffed, "/api/v1/inquiries", inquiryBody, "staffed"),
      leadPhp: () => load({ url: plain.url }, `/api/v1/lead.php?key=${encodeURIComponent(plain.key)}`, ticketBody, "php"),
    };
    const rounds = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [name, run] of Object.entries(targets)) {
        console.error(`Round ${round}: ${name} ...`);
        rounds[name].push(await run());
        await pause(1000);
      }
    }
    const intake = Object.fromEntries(Object.entries(rounds).map(([name, list]) => [name, combine(list)]));
    for (const server of servers.splice(0)) await stop(server);

    console.error(`Scale: ${SCALE_SMALL} vs ${SCALE_LARGE} customers and inquiries ...`);
    const smallKey = await leadportData(join(dir, "small"), SCALE_SMALL, SCALE_SMALL);
    const largeKey = await leadportData(join(dir, "large"), SCALE_LARGE, SCALE_LARGE);
    const small = await started(serve(join(dir, "small"), smallKey));
    const large = await started(serve(join(dir, "large"), largeKey));
    const scale = { small: { intake: [], rare: null, common: null }, large: { intake: [], rare: null, common: null } };
    // The rare needle is one customer's e-mail (one hit); the common one a folded surname part that
    // finds many inquiries, of which the first page is served.
    for (const [name, server] of [["small", small], ["large", large]]) {
      scale[name].rare = await searchLatency(server, "bestand777@example.org");
      scale[name].common = await searchLatency(server, "mueller77");
    }
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [name, server] of [["small", small], ["large", large]]) {
        console.error(`Scale round ${round}: intake with ${name} ...`);
        scale[name].intake.push(await load(server, "/api/v1/inquiries", inquiryBody, `scale-${name}`));
        await pause(1000);
      }
    }
    for (const name of ["small", "large"]) scale[name].intake = combine(scale[name].intake);
    const section = render(intake, scale);
    writeBenchmarkSection("http", section);
    console.log(section);
  } finally {
    for (const server of servers) server.child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
}

const verdict = (met) => (met ? "met" : "**missed**");

function render(intake, scale) {
  const row = (label, s) =>
    `| ${label} | ${s.requests.toLocaleString("en")} | ${Math.round(s.perSecond).toLocaleString("en")} | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(s.max)} | ${s.errors} | ${s.timeouts} |`;
  const lp = intake.leadport;
  const vsBare = lp.perSecond / intake.bare.perSecond;
  const vsHand = lp.perSecond / intake.handwritten.perSecond;
  const staffedRatio = intake.staffed.perSecond / lp.perSecond;
  const intakeScale = scale.large.intake.perSecond / scale.small.intake.perSecond;
  const rareScale = scale.large.rare.p50 / scale.small.rare.p50;
  const commonScale = scale.large.common.p50 / scale.small.common.p50;
  const clean = (s) => s.errors === 0 && s.timeouts === 0;
  return `## HTTP intake beside a bare and a hand-written server

Generated by \`node bench/http-bench.mjs\` (part of \`npm run bench\`) on ${new Date().toISOString().slice(0, 10)}:
Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, shared with other work;
the load generator (autocannon, ${CONNECTIONS} connections, a new e-mail address per request) runs on the same two cores.
${ROUNDS} alternating rounds of ${SECONDS} s per target; req/s is the mean of the rounds, p99 and max the worst round's.
Leadport and the hand-written route start with ${CUSTOMERS.toLocaleString("en")} existing customers (a thousand surnames, so namesakes abound).

| Target | Requests | Req/s | p50 | p99 | Max | Errors | Timeouts |
|---|---:|---:|---:|---:|---:|---:|---:|
${row("bare Koa route (parse the body, 201)", intake.bare)}
${row("hand-written Koa + zod + better-sqlite3, one FULL transaction per request", intake.handwritten)}
${row("**Leadport** \`POST /api/v1/inquiries\`", lp)}
${row("Leadport with 2 staff to notify (mail + in-app per inquiry)", intake.staffed)}
${row("Leadport \`lead.php\` (web-form ticket)", intake.leadPhp)}

| Ratio | Measured | Target | |
|---|---:|---:|---|
| Leadport vs bare Koa | ${ratio(lp.perSecond, intake.bare.perSecond)} | ≥ 0.5× with p99 < 15 ms | ${verdict(vsBare >= 0.5 && lp.p99 < 15)} |
| Leadport vs hand-written FULL-per-request | ${ratio(lp.perSecond, intake.handwritten.perSecond)} | ≥ 2× | ${verdict(vsHand >= 2)} |
| Leadport errors and timeouts | ${lp.errors} / ${lp.timeouts} | 0 / 0 | ${verdict(clean(lp) && clean(intake.staffed) && clean(intake.leadPhp))} |
| with staff to notify vs without | ${ratio(intake.staffed.perSecond, lp.perSecond)} | ≥ 0.8× | ${verdict(staffedRatio >= 0.8)} |
| lead.php vs bare Koa | ${ratio(intake.leadPhp.perSecond, intake.bare.perSecond)} | (as the API) | |

### Scale: ${SCALE_SMALL.toLocaleString("en")} vs ${SCALE_LARGE.toLocaleString("en")} customers and inquiries

| | ${SCALE_SMALL.toLocaleString("en")} | ${SCALE_LARGE.toLocaleString("en")} | Ratio | Target | |
|---|---:|---:|---:|---:|---|
| intake req/s | ${Math.round(scale.small.intake.perSecond)} | ${Math.round(scale.large.intake.perSecond)} | ${intakeScale.toFixed(2)}× | ≥ 0.8× | ${verdict(intakeScale >= 0.8)} |
| intake p99 | ${ms(scale.small.intake.p99)} | ${ms(scale.large.intake.p99)} | | | |
| search p50, one customer's e-mail (\`q=bestand777@example.org\`, ${scale.large.rare.found} hit) | ${ms(scale.small.rare.p50)} | ${ms(scale.large.rare.p50)} | ${rareScale.toFixed(2)}× | ≤ 2× | ${verdict(rareScale <= 2)} |
| search p50, a common name part (\`q=mueller77\` finds \`Müller77…\`, first page of ${scale.large.common.found}) | ${ms(scale.small.common.p50)} | ${ms(scale.large.common.p50)} | ${commonScale.toFixed(2)}× | ≤ 2× | ${verdict(commonScale <= 2)} |
| search p99, e-mail / name part | ${ms(scale.small.rare.p99)} / ${ms(scale.small.common.p99)} | ${ms(scale.large.rare.p99)} / ${ms(scale.large.common.p99)} | | | |
`;
}

await main();
