import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BIN } from "../support/cli.js";
import { eventually, startSmtpSink, type SmtpSink } from "../support/smtp-sink.js";
import { cliEnvironment } from "../support/test-database.js";

interface ServeProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

async function serve(dataDir: string, env: NodeJS.ProcessEnv): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0"], { env: cliEnvironment([], { ...env, LEADPORT_DATA_DIR: dataDir }) });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  const url = await eventually(() => /listening on (http:\/\/\S+)/.exec(output)?.[1], `the server to start:\n${output}`);
  return { child, url, output: () => output, exited };
}

describe("a server killed in the middle of a dispatch", () => {
  let smtp: SmtpSink;
  const children: ChildProcess[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), "leadport-crash-"));

  afterEach(async () => {
    for (const child of children) child.kill("SIGKILL");
    await smtp?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("delivers every notification after a restart, repeating only the mail that was in flight", async () => {
    smtp = await startSmtpSink();
    const env = {
      LEADPORT_SMTP_URL: smtp.url,
      LEADPORT_OUTBOX_POLL_MS: "50",
      LEADPORT_OUTBOX_BACKOFF_MS: "100",
      LEADPORT_OUTBOX_LEASE_MS: "1500",
      LEADPORT_SMTP_TIMEOUT_MS: "60000",
    };
    const first = await serve(dataDir, env);
    children.push(first.child);
    const key = /lp_live_[\w-]+/.exec(first.output())?.[0];
    const call = (url: string, path: string, body: unknown) =>
      fetch(`${url}${path}`, { method: "POST", headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" }, body: JSON.stringify(body) });

    expect((await call(first.url, "/api/v1/staff", { name: "Anna", email: "anna@firma.de" })).status).toBe(201);
    smtp.hang = true;
    const inFlight = smtp.hung();
    for (let i = 0; i < 5; i++) {
      expect((await call(first.url, "/api/v1/inquiries", { title: `Anfrage ${i}`, contact: { name: `Kunde ${i}` } })).status).toBe(201);
    }
    const hungMail = await inFlight;
    first.child.kill("SIGKILL");
    expect(await first.exited).toBeNull();

    smtp.hang = false;
    const second = await serve(dataDir, env);
    children.push(second.child);
    await eventually(() => smtp.countByMessageId().size === 5, "five distinct mails", 60_000);

    // Every reception, the unacknowledged one before the kill included: only the mail that was in
    // flight arrives twice, and its repeat carries the same Message-ID.
    const receptions = [hungMail.messageId, ...smtp.received.map((mail) => mail.messageId)];
    const repeated = [...new Set(receptions.filter((id, index) => receptions.indexOf(id) !== index))];
    expect(repeated).toEqual([hungMail.messageId]);
    expect(receptions).toHaveLength(6);

    const inbox = await fetch(`${second.url}/api/v1/staff/anna@firma.de/notifications`, { headers: { Authorization: `Bearer ${key}` } });
    expect(((await inbox.json()) as { items: unknown[] }).items).toHaveLength(5);

    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });
});
