import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/hosts/cli.js";
import { startTestServer, type TestServer } from "./support/server.js";
import { dataDirEnv } from "./support/test-database.js";

const README = readFileSync(new URL("../README.md", import.meta.url), "utf8");

/** The README's inquiry example and the staff command printed before it, exactly as printed. */
function readmeInquiryExample(): { staff: { email: string; name: string }; body: unknown } {
  const section = README.slice(README.indexOf("An inquiry accepts these fields"));
  const staff = section.match(/npx leadport staff add --email (\S+) --name "([^"]+)"/);
  const json = section.match(/```json\n([\s\S]*?)```/);
  if (!staff?.[1] || !staff[2] || !json?.[1]) throw new Error("README inquiry example not found");
  return { staff: { email: staff[1], name: staff[2] }, body: JSON.parse(json[1]) };
}

describe("the README's inquiry example", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it("is accepted after the staff command the README gives before it", async () => {
    const { staff, body } = readmeInquiryExample();
    const io = { out: () => undefined, err: () => undefined, env: dataDirEnv(server.dataDir) };
    expect(await runCli(["staff", "add", "--email", staff.email, "--name", staff.name], io)).toBe(0);
    const response = await server.request("/api/v1/inquiries", { method: "POST", json: body });
    expect(response.status, await response.clone().text()).toBe(201);
    expect(await response.json()).toMatchObject({ assignee: staff.email, title: "Dachsanierung Einfamilienhaus" });
  });
});
