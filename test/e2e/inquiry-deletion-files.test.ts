import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboxCount } from "../support/outbox.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { eventually } from "../support/smtp-sink.js";

function form(files: Array<[string, string]>): FormData {
  const body = new FormData();
  for (const [name, content] of files) body.append("file", new Blob([content]), name);
  return body;
}

describe("deleting an inquiry removes its files (real server)", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ LEADPORT_OUTBOX_POLL_MS: "100" });
  });

  afterAll(async () => {
    await server.stop();
  });

  /** The attachment files on disk, by name (the attachment id). */
  const filesOnDisk = (): string[] => {
    const root = join(server.dataDir, "attachments");
    if (!existsSync(root)) return [];
    return readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
  };

  const inquiryWithFiles = async (email: string, files: Array<[string, string]>) => {
    const inquiry = await (await server.request("/api/v1/inquiries", { method: "POST", json: { contact: { email } } })).json();
    const uploaded = await server.request(`/api/v1/inquiries/${inquiry.id}/attachments`, { method: "POST", body: form(files) });
    expect(uploaded.status).toBe(201);
    return { id: inquiry.id as string, attachmentIds: (await uploaded.json()).items.map((a: { id: string }) => a.id) as string[] };
  };

  it("deletes the metadata with the inquiry and the files once the outbox has run; the neighbour's files stay", async () => {
    const doomed = await inquiryWithFiles("weg@example.org", [["Grundriss.txt", "Plan"], ["Foto.txt", "Bild"]]);
    const kept = await inquiryWithFiles("bleibt@example.org", [["Angebot.txt", "Preis"]]);
    expect(filesOnDisk()).toEqual(expect.arrayContaining([...doomed.attachmentIds, ...kept.attachmentIds]));

    expect((await server.request(`/api/v1/inquiries/${doomed.id}`, { method: "DELETE" })).status).toBe(204);

    // Metadata is gone at once, with the inquiry.
    for (const attachmentId of doomed.attachmentIds) {
      const download = await server.request(`/api/v1/inquiries/${doomed.id}/attachments/${attachmentId}`);
      expect(download.status).toBe(404);
      expect(download.headers.get("content-type")).toContain("application/problem+json");
    }
    expect((await server.request(`/api/v1/inquiries/${doomed.id}/attachments`)).status).toBe(404);

    // The files go once the dispatcher delivered InquiryDeleted.
    await eventually(() => (doomed.attachmentIds.some((id) => filesOnDisk().includes(id)) ? null : true), "the deleted inquiry's files to be removed");
    await eventually(async () => ((await outboxCount(server.dataDir, "type = 'InquiryDeleted' AND status = 'done'")) === 1 ? true : null), "InquiryDeleted to be done");
    expect(filesOnDisk()).toEqual(kept.attachmentIds);
    const neighbour = await server.request(`/api/v1/inquiries/${kept.id}/attachments/${kept.attachmentIds[0]}`);
    expect(neighbour.status).toBe(200);
    expect(await neighbour.text()).toBe("Preis");
  });
});
