import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";

function files(...contents: string[]): FormData {
  const form = new FormData();
  contents.forEach((content, i) => form.append("file", new Blob([content], { type: "text/plain" }), `datei-${i}.txt`));
  return form;
}

describe("attachment quotas", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ LEADPORT_ATTACHMENTS_PER_INQUIRY: "2", LEADPORT_WORKSPACE_ATTACHMENT_BYTES: "100" });
  });

  afterAll(async () => {
    await server.stop();
  });

  const newInquiry = async () =>
    (await (await server.request("/api/v1/inquiries", { method: "POST", json: { title: "Quota", contact: { name: "Kunde" } } })).json()).id as string;

  it("refuses more attachments per inquiry than allowed with 409 naming the limit, storing none of them", async () => {
    const id = await newInquiry();
    expect((await server.request(`/api/v1/inquiries/${id}/attachments`, { method: "POST", body: files("a") })).status).toBe(201);
    const refused = await server.request(`/api/v1/inquiries/${id}/attachments`, { method: "POST", body: files("b", "c") });
    expect(refused.status).toBe(409);
    const problem = await refused.json();
    expect(problem.detail).toContain("LEADPORT_ATTACHMENTS_PER_INQUIRY");
    expect(problem.errors[0].path).toBe("file");
    expect((await (await server.request(`/api/v1/inquiries/${id}/attachments`)).json()).items).toHaveLength(1);
  });

  it("refuses files beyond the workspace's storage quota, on the native and the partner API", async () => {
    const id = await newInquiry();
    const refused = await server.request(`/api/v1/inquiries/${id}/attachments`, { method: "POST", body: files("x".repeat(120)) });
    expect(refused.status).toBe(409);
    expect((await refused.json()).detail).toContain("LEADPORT_WORKSPACE_ATTACHMENT_BYTES");

    const project = files("y".repeat(120));
    project.append("data", JSON.stringify({ customer: { email: "quota@example.org" } }));
    const partner = await server.request("/api/v1/Projects/create", { method: "POST", body: project });
    expect(partner.status).toBe(409);
    expect(await partner.json()).toMatchObject({ status: "error" });
    // The project was not created half-way.
    expect((await (await server.request("/api/v1/inquiries?q=quota%40example.org")).json()).items).toHaveLength(0);
  });
});
