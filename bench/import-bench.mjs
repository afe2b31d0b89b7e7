#!/usr/bin/env node
/*
 * Import benchmark: `npm run bench`. Generates a German CSV export (semicolons, Windows-1252,
 * decimal commas, German dates) in a temporary directory and measures, each phase in its own
 * process with its peak RSS sampled:
 *   - baseline: a bare csv-parse pass over the first BENCH_REAL_ROWS rows;
 *   - raw inserts: the same rows, parsed and turned into customer and inquiry rows by hand, written
 *     with prepared INSERTs into the same schema (a Leadport database file, WAL, synchronous=FULL)
 *     in transactions of 5,000 rows: the floor of what storing these rows costs;
 *   - import: the committed import of the same rows through the use cases;
 *   - import of all BENCH_ROWS rows, for its peak RSS.
 * Writes the results as ratios to BENCHMARKS.md.
 *
 *   BENCH_ROWS       rows of the memory run, e.g. 1000000 (default: none; the timed import's RSS is reported)
 *   BENCH_REAL_ROWS  rows of the timed phases (default 100000)
 */
import { spawn } from "node:child_process";
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeBenchmarkSection } from "./benchmarks-file.mjs";

const SELF = fileURLToPath(import.meta.url);
const ROOT = join(SELF, "../..");

async function generate(path, rows) {
  const iconv = (await import("iconv-lite")).default;
  const out = createWriteStream(path);
  const write = async (text) => {
    if (!out.write(iconv.encode(text, "win1252"))) await once(out, "drain");
  };
  await write("Kundennummer;Vorname;Nachname;Firma;E-Mail;Straße;PLZ;Ort;Telefon;Betreff;Erwarteter Wert;Wahrscheinlichkeit;Nachfassen;Dringlichkeit;Notizen\r\n");
  // Names vary like a real customer base (about one person per name up to a million rows), so
  // matching by name finds the odd namesake, not thousands.
  const first = ["Jürgen", "Änne", "Özlem", "Max", "Erika", "Hans", "Björn", "Sören", "Anna", "Paul", "Lena", "Jörg", "Birgit", "Uwe", "Sabine", "Götz", "Frauke", "Timo", "Heike", "Lars"];
  const stems = ["Mül", "Schä", "Gro", "Köh", "Wei", "Bäck", "Jäg", "Schm", "Hof", "Kra", "Neu", "Wag", "Beck", "Schu", "Zim", "Hart", "Lang", "Brau", "Krü", "Vog", "Stei", "Fuch", "Sch", "Ber", "Rich", "Wolf", "Pet", "Lor", "Haa", "Kel"];
  const middles = ["l", "ff", "rt", "nn", "ß", "ck", "tz", "b", "d", "g", "ch", "m", "s", "w", "z", "r", "h", "k", "p", "v", "ll", "mm", "rr", "ss", "tt", "nd", "rk", "lz", "nk", "st"];
  const endings = ["er", "mann", "e", "ner", "ing", "inger", "ert", "el", "ler", "hardt", "ke", "berg", "feld", "bach", "dorf", "meyer", "wald", "horst", "stein", "rich", "ens", "sen", "ow", "itz", "au", "heim", "hagen", "brück", "mayr", "huber"];
  const cities = ["Hannover", "Köln", "München", "Lübeck", "Düsseldorf", "Nürnberg"];
  const urgency = ["niedrig", "normal", "hoch", "dringend"];
  let chunk = "";
  for (let i = 1; i <= rows; i += 1) {
    const f = first[Math.floor(i / 27_000) % first.length];
    const l = stems[i % 30] + middles[Math.floor(i / 30) % 30] + endings[Math.floor(i / 900) % 30];
    const value = `${Math.floor((i * 7919) % 250_000).toLocaleString("de-DE")},${String(i % 100).padStart(2, "0")}`;
    const day = String((i % 28) + 1).padStart(2, "0");
    const month = String((i % 12) + 1).padStart(2, "0");
    chunk += `K-${i};${f};${l};${i % 5 === 0 ? `${l} GmbH` : ""};kunde${i}@example.org;Hauptstraße ${i % 200};${String(10000 + (i % 89999))};${cities[i % cities.length]};0511 ${i};Anfrage ${i};${value};${i % 101};${day}.${month}.2027;${urgency[i % 4]};Altbau, Ziegel\r\n`;
    if (i % 5000 === 0) {
      await write(chunk);
      chunk = "";
    }
  }
  await write(chunk);
  out.end();
  await once(out, "finish");
}

/** One measured phase, run in this process when started as a child. */
async function phase(name, file, db, limit) {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = process.hrtime.bigint();
  let rows = 0;
  if (name === "baseline") {
    for await (const _record of csvRecords(file, limit)) rows += 1;
    rows -= 1;
  } else if (name === "raw inserts") {
    rows = await rawInserts(file, db, limit);
  } else {
    const { createLeadport } = await import(join(ROOT, "dist/hosts/library.js"));
    const lp = await createLeadport({ database: db });
    const input = limit ? limitedLines(file, limit + 1) : createReadStream(file);
    const result = await lp.import.fromStream(input, { format: "csv" });
    if (!result.ok) throw new Error(result.error.message);
    rows = result.value.rows;
    if (result.value.failed > 0) throw new Error(`${result.value.failed} rows failed`);
    await lp.close();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  process.stdout.write(JSON.stringify({ name, rows, seconds, peakRssMb: peak / 1024 / 1024 }));
}

function csvRecords(file, limit) {
  return (async function* () {
    const { parse } = await import("csv-parse");
    const iconv = (await import("iconv-lite")).default;
    const input = limit ? limitedLines(file, limit + 1) : createReadStream(file);
    const { Readable } = await import("node:stream");
    yield* Readable.from(input).pipe(iconv.decodeStream("win1252")).pipe(parse({ delimiter: ";", relax_column_count: true }));
  })();
}

/**
 * The same rows stored by hand: each becomes a customer and an inquiry row with its JSON record,
 * keys and search text, inserted with prepared statements, 5,000 rows per transaction.
 */
async function rawInserts(file, path, limit) {
  const { SqliteDatabase } = await import(join(ROOT, "dist/adapters/sqlite/sqlite-database.js"));
  const { randomUUID } = await import("node:crypto");
  const sqlite = new SqliteDatabase({ path });
  const db = sqlite.db;
  const now = new Date().toISOString();
  db.prepare("INSERT INTO workspaces (id, name, created_at, data) VALUES ('ws', 'default', ?, '{}')").run(now);
  const customer = db.prepare("INSERT INTO customers (id, workspace_id, email_key, name_key, search_text, created_at, data) VALUES (?, 'ws', ?, ?, ?, ?, ?)");
  const inquiry = db.prepare(
    `INSERT INTO inquiries (id, workspace_id, customer_id, status_key, source_key, source, tag_keys, search_text, lead_score, follow_up_date, external_ref, created_at, data)
     VALUES (?, 'ws', ?, 'neu', 'import', 'Import', '[]', ?, ?, ?, ?, ?, ?)`,
  );
  // The same search index upkeep as Leadport's writer: the transaction's rows enter the trigram index together.
  const indexSearch = (table) => {
    const upTo = db.prepare("SELECT indexed_up_to FROM search_index_progress WHERE table_name = ?").pluck().get(table);
    const top = db.prepare(`SELECT max(rowid) FROM ${table}`).pluck().get();
    db.prepare(`INSERT INTO ${table}_search(rowid, search_text) SELECT rowid, search_text FROM ${table} WHERE rowid > ? AND rowid <= ?`).run(upTo, top);
    db.prepare("UPDATE search_index_progress SET indexed_up_to = ? WHERE table_name = ?").run(top, table);
  };
  let rows = 0;
  let pending = [];
  const write = db.transaction((batch) => {
    for (const [ref, firstName, lastName, company, email, street, zip, city, phone, title, value, , followUp, , notes] of batch) {
      const customerId = randomUUID();
      const [day, month, year] = followUp.split(".");
      const name = `${firstName} ${lastName}`;
      customer.run(customerId, email.toLowerCase(), name.toLowerCase(), `${name}\n${company}\n${email}\n${phone}`.toLowerCase(), now,
        JSON.stringify({ id: customerId, firstName, lastName, companyName: company || null, email, phone, address: { street, zip, city } }));
      const id = randomUUID();
      inquiry.run(id, customerId, `${title}\n${name}\n${email}\n${notes}`.toLowerCase(), 50, `${year}-${month}-${day}`, ref, now,
        JSON.stringify({ id, customerId, title, value: Number(value.replace(/\./g, "").replace(",", ".")), notes, followUpDate: `${year}-${month}-${day}` }));
    }
    indexSearch("customers");
    indexSearch("inquiries");
  });
  let header = true;
  for await (const record of csvRecords(file, limit)) {
    if (header) {
      header = false;
      continue;
    }
    pending.push(record);
    rows += 1;
    if (pending.length === 5000) {
      write.immediate(pending);
      pending = [];
    }
  }
  if (pending.length > 0) write.immediate(pending);
  sqlite.close();
  return rows;
}

/** The first `lines` lines of the file, as bytes. */
async function* limitedLines(file, lines) {
  let seen = 0;
  for await (const chunk of createReadStream(file)) {
    let end = 0;
    while (seen < lines && end < chunk.length) {
      const next = chunk.indexOf(10, end);
      if (next < 0) {
        end = chunk.length;
        break;
      }
      end = next + 1;
      seen += 1;
    }
    yield chunk.subarray(0, end);
    if (seen >= lines) return;
  }
}

function runPhase(name, file, db, limit = 0) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", SELF, "--phase", name, file, db, String(limit)], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${name} exited with ${code}`))));
  });
}

async function main() {
  const realRows = Number(process.env.BENCH_REAL_ROWS ?? 100_000);
  // The memory run of a million rows takes many minutes on a small shared machine: opt in with BENCH_ROWS=1000000.
  const rows = Math.max(realRows, Number(process.env.BENCH_ROWS ?? 0));
  const dir = mkdtempSync(join(tmpdir(), "leadport-bench-"));
  try {
    const file = join(dir, "kontakte.csv");
    console.error(`Generating ${rows} rows ...`);
    await generate(file, rows);
    const size = statSync(file).size;
    console.error(`${(size / 1024 / 1024).toFixed(1)} MiB. Baseline ...`);
    const baseline = await runPhase("baseline", file, "", realRows);
    console.error(`Raw inserts of ${realRows} rows ...`);
    const raw = await runPhase("raw inserts", file, join(dir, "raw.db"), realRows);
    console.error(`Import of ${realRows} rows ...`);
    const real = await runPhase("import", file, join(dir, "real.db"), realRows);
    let full = null;
    if (rows > realRows) {
      console.error(`Import of all ${rows} rows, for its memory ...`);
      full = { ...(await runPhase("import", file, join(dir, "full.db"))), name: "import (memory run)" };
    }
    const report = render({ rows, realRows, size, baseline, raw, real, full });
    writeBenchmarkSection("import", report);
    console.log(report);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function render({ rows, realRows, size, baseline, raw, real, full }) {
  const line = (r) =>
    `| ${r.name} | ${r.rows.toLocaleString("en")} | ${r.seconds.toFixed(1)} | ${Math.round(r.rows / r.seconds).toLocaleString("en")} | ${r.peakRssMb.toFixed(0)} |`;
  const rate = (r) => r.rows / r.seconds;
  const vsRaw = rate(real) / rate(raw);
  const verdict = (met) => (met ? "met" : "**missed**");
  return `## Spreadsheet import

Generated by \`npm run bench\` (bench/import-bench.mjs) on ${new Date().toISOString().slice(0, 10)}:
Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, shared with other work,
so absolute numbers are noisy; the ratios, measured in the same run, are what to compare.

Input: a generated German CSV export of ${rows.toLocaleString("en")} rows (${(size / 1024 / 1024).toFixed(0)} MiB,
Windows-1252, semicolons, decimal commas, German dates, 15 columns), every row valid and with its own customer.

- **baseline**: a bare csv-parse pass over the first ${realRows.toLocaleString("en")} rows (Windows-1252 decoding, no conversion, no storage).
- **raw inserts**: the same rows parsed, turned into a customer and an inquiry row each (JSON record, keys,
  search text) by hand and written with prepared INSERTs into the same schema (a Leadport database file:
  WAL, \`synchronous=FULL\`, the same indexes; each transaction's rows enter the search index together, as
  Leadport's writer does it), 5,000 rows per transaction.
- **import**: \`import.fromStream(..., { format: "csv" })\` of the same rows, committed: detection, mapping,
  German number and date parsing, customer matching, catalogs, scoring, one compact outbox event per row,
  100 rows per transaction, no savepoint per row.${full ? `
- **import (memory run)**: the same for all ${rows.toLocaleString("en")} rows, for its peak RSS.` : ""}

Each phase runs in its own process; peak RSS is sampled every 50 ms.

| Phase | Rows | Seconds | Rows/s | Peak RSS (MiB) |
|---|---:|---:|---:|---:|
${[baseline, raw, real, full].filter(Boolean).map(line).join("\n")}

| Ratio | Measured | Target | |
|---|---:|---:|---|
| import vs raw prepared inserts (rows/s) | ${vsRaw.toFixed(2)}× | ≥ 0.5× | ${verdict(vsRaw >= 0.5)} |
| peak RSS of the ${full ? full.rows.toLocaleString("en") : realRows.toLocaleString("en")}-row import | ${(full ?? real).peakRssMb.toFixed(0)} MiB | < 200 MB | ${verdict((full ?? real).peakRssMb * 1.048576 < 200)} |
`;
}

if (process.argv[2] === "--phase") {
  const [, , , name, file, db, limit] = process.argv;
  await phase(name, file, db, Number(limit));
} else {
  await main();
}
