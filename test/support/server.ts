import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readConfig } from "../../src/hosts/config.js";
import { databaseEnvFor } from "./test-database.js";
import { startHttpServer, type RunningServer, type StartOptions } from "../../src/hosts/http-server.js";

/** Tests read JSON answers loosely; the assertions say what shape is expected. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TestResponse = Omit<Response, "json"> & { json(): Promise<any> };

export interface TestServer {
  readonly url: string;
  /** The key printed on first start. */
  readonly key: string;
  readonly dataDir: string;
  readonly output: string[];
  request(path: string, init?: RequestInit & { json?: unknown; key?: string | null }): Promise<TestResponse>;
  stop(): Promise<void>;
}

/** A real listening server on a free port with its own data directory (in PostgreSQL mode: its schema). */
export async function startTestServer(env: NodeJS.ProcessEnv = {}, options: Pick<StartOptions, "clock" | "retention"> = {}): Promise<TestServer> {
  // A data directory the server creates itself, as on a first start.
  const root = mkdtempSync(join(tmpdir(), "leadport-e2e-"));
  const dataDir = join(root, "data");
  const output: string[] = [];
  // Tests fire many requests from one address in moments; the rate-limit tests set their own limits.
  const unlimited = { LEADPORT_API_RATE_PER_KEY: "off", LEADPORT_API_RATE_PER_IP: "off", LEADPORT_AUTH_FAILURES_PER_IP: "off" };
  const database = env.LEADPORT_DATABASE_URL !== undefined ? {} : databaseEnvFor(env.LEADPORT_DB ?? join(dataDir, "leadport.db"));
  const running: RunningServer = await startHttpServer(readConfig({ ...unlimited, ...database, ...env, LEADPORT_DATA_DIR: dataDir, PORT: "0" }), {
    print: (line) => output.push(line),
    printError: (line) => output.push(line),
    log: (line) => output.push(line),
    ...options,
  });
  const key = output.join("\n").match(/lp_live_[\w-]+/)?.[0];
  if (!key) throw new Error(`no key printed on first start:\n${output.join("\n")}`);
  return {
    url: running.url,
    key,
    dataDir,
    output,
    request: (path, init = {}) => {
      const { json, key: explicitKey, headers, ...rest } = init;
      const auth: Record<string, string> = explicitKey === null ? {} : { Authorization: `Bearer ${explicitKey ?? key}` };
      return fetch(`${running.url}${path}`, {
        ...rest,
        headers: { ...auth, ...(json !== undefined ? { "Content-Type": "application/json" } : {}), ...(headers as Record<string, string> | undefined) },
        body: json !== undefined ? JSON.stringify(json) : rest.body,
      });
    },
    stop: async () => {
      await running.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
