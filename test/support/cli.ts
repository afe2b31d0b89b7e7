import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { runCli } from "../../src/hosts/cli.js";
import { cliEnvironment } from "./test-database.js";

export const BIN = fileURLToPath(new URL("../../bin/leadport.js", import.meta.url));

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a `leadport` command in this process through `runCli`, the function the binary calls,
 * with its own output buffers and environment (this process's, plus `env`). Starting a Node
 * process costs about a second; this costs milliseconds, so most CLI tests run this way.
 * Paths must be absolute: the command resolves relative ones against this process's directory.
 * In PostgreSQL mode the command opens the schema standing for its database file (test-database.ts).
 */
export async function runLeadport(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    out: (text) => (stdout += text),
    err: (text) => (stderr += text),
    env: cliEnvironment(args, env),
  });
  return { code, stdout, stderr };
}

/**
 * Runs the real `leadport` binary in a child process: for what only a process shows (its exit
 * status, signals, a second process beside a server). dist/ is rebuilt before the suite when a
 * source file changed (test/global-setup.ts), so this never runs a stale build.
 */
export function spawnLeadport(args: readonly string[], env: NodeJS.ProcessEnv = {}, input?: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: cliEnvironment(args, env), stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? "");
  });
}
