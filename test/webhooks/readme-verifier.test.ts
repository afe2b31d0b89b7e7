import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { signatureHeader } from "../../src/adapters/webhooks/webhook-signature.js";

const README = join(dirname(fileURLToPath(import.meta.url)), "../../README.md");

/** Writes the README's snippet into `dir` and imports it as a receiver would. */
async function loadVerifier(dir: string) {
  const code = /<!-- readme-webhook-verifier[^>]*-->\s*```js\n([\s\S]*?)```/.exec(readFileSync(README, "utf8"))?.[1];
  if (!code) throw new Error("verifier snippet not found in README");
  const file = join(dir, "verify.mjs");
  writeFileSync(file, code);
  return (await import(pathToFileURL(file).href)) as { verifyLeadportSignature: (secret: string, header: string, body: string) => boolean };
}

describe("the README's webhook signature verifier", () => {
  it("accepts what Leadport signs and refuses a changed body, another secret and an old timestamp", async () => {
    const dir = mkdtempSync(join(tmpdir(), "leadport-readme-"));
    try {
      const { verifyLeadportSignature } = await loadVerifier(dir);
      const body = JSON.stringify({ id: "e1", type: "inquiry.created", data: { title: "Dach – Ä" } });
      const now = Math.floor(Date.now() / 1000);
      const header = signatureHeader("whsec_abc", now, body);
      expect(verifyLeadportSignature("whsec_abc", header, body)).toBe(true);
      expect(verifyLeadportSignature("whsec_abc", header, body.replace("Dach", "Bad"))).toBe(false);
      expect(verifyLeadportSignature("whsec_other", header, body)).toBe(false);
      expect(verifyLeadportSignature("whsec_abc", signatureHeader("whsec_abc", now - 3600, body), body)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("accepts a request signed during a rotation's grace period with either secret, and no third one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "leadport-readme-"));
    try {
      const { verifyLeadportSignature } = await loadVerifier(dir);
      const body = JSON.stringify({ id: "e2", type: "inquiry.updated" });
      const header = signatureHeader(["whsec_new", "whsec_old"], Math.floor(Date.now() / 1000), body);
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
      expect(verifyLeadportSignature("whsec_new", header, body)).toBe(true);
      expect(verifyLeadportSignature("whsec_old", header, body)).toBe(true);
      expect(verifyLeadportSignature("whsec_other", header, body)).toBe(false);
      expect(verifyLeadportSignature("whsec_old", header, `${body} `)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
