import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isLoopbackHost, readConfig, reachableUrl } from "../../src/hosts/config.js";
import { startHttpServer } from "../../src/hosts/http-server.js";

async function startAndCollect(env: NodeJS.ProcessEnv): Promise<{ out: string; err: string }> {
  const root = mkdtempSync(join(tmpdir(), "leadport-public-url-"));
  const out: string[] = [];
  const err: string[] = [];
  const running = await startHttpServer(readConfig({ ...env, LEADPORT_DATA_DIR: join(root, "data"), PORT: "0" }), {
    print: (line) => out.push(line),
    printError: (line) => err.push(line),
  });
  await running.close();
  rmSync(root, { recursive: true, force: true });
  return { out: out.join("\n"), err: err.join("\n") };
}

describe("the address in printed examples and mail links", () => {
  it("never names a wildcard address", () => {
    expect(reachableUrl("0.0.0.0", 3000)).toBe("http://127.0.0.1:3000");
    expect(reachableUrl("::", 3000)).toBe("http://[::1]:3000");
    expect(reachableUrl("192.168.1.5", 3000)).toBe("http://192.168.1.5:3000");
    expect(readConfig({ HOST: "0.0.0.0", PORT: "3000" }).notifications.publicUrl).toBe("http://127.0.0.1:3000");
    expect(readConfig({ HOST: "0.0.0.0", LEADPORT_PUBLIC_URL: "https://leads.example.de" }).notifications.publicUrl).toBe("https://leads.example.de");
  });

  it("knows loopback addresses", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"]) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ["0.0.0.0", "::", "192.168.1.5", "leads.example.de"]) expect(isLoopbackHost(host), host).toBe(false);
  });

  it("prints a usable local URL and warns when HOST is a wildcard and LEADPORT_PUBLIC_URL is unset", async () => {
    const { out, err } = await startAndCollect({ HOST: "0.0.0.0" });
    expect(out).toMatch(/curl -s -X POST http:\/\/127\.0\.0\.1:\d+\/api\/v1\/inquiries/);
    expect(out).not.toMatch(/curl[^\n]*0\.0\.0\.0/);
    expect(err).toContain("LEADPORT_PUBLIC_URL is not set");
  });

  it("uses LEADPORT_PUBLIC_URL in the banner and does not warn when it is set", async () => {
    const { out, err } = await startAndCollect({ HOST: "0.0.0.0", LEADPORT_PUBLIC_URL: "https://leads.example.de/" });
    expect(out).toContain("curl -s -X POST https://leads.example.de/api/v1/inquiries");
    expect(err).not.toContain("LEADPORT_PUBLIC_URL");
  });

  it("does not warn on loopback", async () => {
    const { err } = await startAndCollect({ HOST: "127.0.0.1" });
    expect(err).not.toContain("LEADPORT_PUBLIC_URL");
  });
});
