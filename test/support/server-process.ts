import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN } from "./cli.js";
import { databaseEnvFor } from "./test-database.js";
import type { TestResponse } from "./server.js";

export interface ServerProcess {
  readonly url: string;
  /** The key printed on first start; null when another instance started the database first. */
  readonly key: string | null;
  readonly dataDir: string;
  /** Everything the process wrote so far, stdout and stderr. */
  output(): string;
  /** Whether the process ended (by itself: a crash). */
  exited(): boolean;
  request(path: string, init?: RequestInit & { json?: unknown; key?: string }): Promise<TestResponse>;
  /** Sends this key with every later request: the key another instance on the database printed. */
  authorize(key: string): void;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/**
 * `leadport serve` as a process of its own on a free port, with its own data directory: for
 * what only separate processes show (instances sharing a database, a process surviving an outage).
 * Requests carry `key` unless given another; dist/ is rebuilt before the suite (test/global-setup.ts).
 */
export async function spawnServer(env: NodeJS.ProcessEnv, key: string | null = null): Promise<ServerProcess> {
  const root = mkdtempSync(join(tmpdir(), "leadport-process-"));
  const dataDir = join(root, "data");
  // Tests fire many requests from one address in moments.
  const unlimited = { LEADPORT_API_RATE_PER_KEY: "off", LEADPORT_API_RATE_PER_IP: "off", LEADPORT_AUTH_FAILURES_PER_IP: "off" };
  // In PostgreSQL mode a test that names no database of its own gets the schema of its data directory.
  const database = env.LEADPORT_DATABASE_URL !== undefined ? {} : databaseEnvFor(env.LEADPORT_DB ?? join(dataDir, "leadport.db"));
  const child: ChildProcess = spawn(process.execPath, [BIN, "serve", "--port", "0"], {
    env: { ...process.env, ...unlimited, ...database, ...env, LEADPORT_DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let ended = false;
  const exit = new Promise<number | null>((resolve) => child.on("close", (code) => ((ended = true), resolve(code))));
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const check = () => {
      const found = /listening on (https?:\/\/\S+)/.exec(output)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout!.on("data", check);
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
  const printed = /lp_live_[\w-]+/.exec(output)?.[0] ?? null;
  let bearer = key ?? printed;
  return {
    url,
    key: printed,
    dataDir,
    output: () => output,
    authorize: (other) => {
      bearer = other;
    },
    exited: () => ended,
    request: (path, init = {}) => {
      const { json, key: explicitKey, headers, ...rest } = init;
      const auth: Record<string, string> = (explicitKey ?? bearer) ? { Authorization: `Bearer ${explicitKey ?? bearer}` } : {};
      return fetch(`${url}${path}`, {
        ...rest,
        headers: { ...auth, ...(json !== undefined ? { "Content-Type": "application/json" } : {}), ...(headers as Record<string, string> | undefined) },
        body: json !== undefined ? JSON.stringify(json) : rest.body,
      });
    },
    stop: async () => {
      if (!ended) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      const code = await exit;
      clearTimeout(timer);
      rmSync(root, { recursive: true, force: true });
      return code;
    },
  };
}
