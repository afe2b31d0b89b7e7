#!/usr/bin/env node
/*
 * Import benchmark: `npm run bench`. Generates a German CSV export (semicolons, Windows-1252,
 * decimal commas, German dates) in a temporary directory, measures a raw csv-parse pass over it
 * as the baseline, then the importer (dry run and a real import into a SQLite file), each in its
 * own process with its peak RSS sampled, and writes the results as ratios to BENCHMARKS.md.
 *
 *   BENCH_ROWS       rows in the generated file (default 1000000)
 *   BENCH_REAL_ROWS  rows of the real import (default 100000: a committed import of a million
 *                    rows takes over ten minutes on a small machine; set it to BENCH_ROWS for the full run)
 */
import { spawn } from "node:child_process";
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

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
    const { parse } = await import("csv-parse");
    const iconv = (await import("iconv-lite")).default;
    const parser = createReadStream(file).pipe(iconv.decodeStream("win1252")).pipe(parse({ delimiter: ";", relax_column_count: true }));
    for await (const _record of parser) rows += 1;
    rows -= 1;
  } else {
    const { createLeadport } = await import(join(ROOT, "dist/hosts/library.js"));
    const lp = await createLeadport({ database: db });
    const input = limit ? limitedLines(file, limit + 1) : createReadStream(file);
    const result = await lp.import.fromStream(input, { format: "csv", dryRun: name === "dry-run" });
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
  const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
  const realRows = Math.min(rows, Number(process.env.BENCH_REAL_ROWS ?? 100_000));
  const dir = mkdtempSync(join(tmpdir(), "leadport-bench-"));
  try {
    const file = join(dir, "kontakte.csv");
    console.error(`Generating ${rows} rows ...`);
    await generate(file, rows);
    const size = statSync(file).size;
    console.error(`${(size / 1024 / 1024).toFixed(1)} MiB. Baseline ...`);
    const baseline = await runPhase("baseline", file, "");
    console.error(`Dry run of ${rows} rows ...`);
    const dry = await runPhase("dry-run", file, join(dir, "dry.db"));
    console.error(`Real import of ${realRows} rows ...`);
    const real = await runPhase("import", file, join(dir, "real.db"), realRows < rows ? realRows : 0);
    const report = render({ rows, realRows, size, baseline, results: [baseline, dry, real] });
    writeFileSync(join(ROOT, "BENCHMARKS.md"), report);
    console.log(report);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function render({ rows, realRows, size, baseline, results }) {
  const perRow = (r) => r.seconds / r.rows;
  const lines = results.map(
    (r) =>
      `| ${r.name} | ${r.rows.toLocaleString("en")} | ${r.seconds.toFixed(1)} | ${Math.round(r.rows / r.seconds).toLocaleString("en")} | ${(perRow(r) / perRow(baseline)).toFixed(1)}× | ${r.peakRssMb.toFixed(0)} | ${(r.peakRssMb / baseline.peakRssMb).toFixed(2)}× |`,
  );
  return `# Benchmarks

Generated by \`npm run bench\` (bench/import-bench.mjs) on ${new Date().toISOString().slice(0, 10)}:
Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, shared with other work,
so absolute numbers are noisy; the ratios against the baseline, measured in the same run, are what to compare.

## Spreadsheet import

Input: a generated German CSV export of ${rows.toLocaleString("en")} rows (${(size / 1024 / 1024).toFixed(0)} MiB,
Windows-1252, semicolons, decimal commas, German dates, 15 columns), every row valid and with its own customer.

- **baseline**: a bare csv-parse pass over the same file (Windows-1252 decoding, no conversion, no storage).
- **dry-run**: \`import.fromStream(..., { dryRun: true })\` into a SQLite file — detection, mapping, German
  number and date parsing, customer matching, scoring and all writes, each batch of 100 rows rolled back.
- **import**: the same, committed, for the first ${realRows.toLocaleString("en")} rows: inquiries, customers,
  catalog entries and outbox events in a SQLite file (WAL, \`synchronous=FULL\`, one transaction per 100
  rows, one savepoint per row).${realRows < rows ? ` The committed import is measured on fewer rows than the
  dry run only to keep \`npm run bench\` short; its per-row cost is that of the dry run plus the commits
  (set \`BENCH_REAL_ROWS=${rows}\` for the full run).` : ""}

Each phase runs in its own process; peak RSS is sampled every 50 ms. "Time/row" is the time per row as a
multiple of the baseline's; "Peak RSS" compares memory with the baseline's.

| Phase | Rows | Seconds | Rows/s | Time/row vs baseline | Peak RSS (MiB) | Peak RSS vs baseline |
|---|---:|---:|---:|---:|---:|---:|
${lines.join("\n")}

Memory stays bounded: rows stream through in batches of 100, so peak RSS does not grow with the file;
compare the peak RSS of runs with different \`BENCH_ROWS\`. A dry run rolls every batch back, so its
database never grows, while a committed import looks customers and row keys up in a growing (indexed)
database; the committed rate on a full million rows may therefore end somewhat below the one above.
Most of the importer's time per row is the use case's own work (matching look-ups, scoring, JSON
records, two outbox events), not reading the file.
`;
}

if (process.argv[2] === "--phase") {
  const [, , , name, file, db, limit] = process.argv;
  await phase(name, file, db, Number(limit));
} else {
  await main();
}
