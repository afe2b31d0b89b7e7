import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createLeadport } from "../../src/hosts/library.js";

describe("notifications through the library", () => {
  it("adds staff, dispatches the outbox on request and lists the in-app notification", async () => {
    const directory = mkdtempSync(join(tmpdir(), "leadport-lib-mail-"));
    const lp = await createLeadport({ database: "memory", mail: { directory } });
    try {
      const anna = await lp.staff.add({ name: "Anna", email: "anna@firma.de" });
      if (!anna.ok) throw new Error(anna.error.message);
      expect((await lp.inquiries.create({ title: "Bad", contact: { name: "Erika" }, assignee: "anna@firma.de" })).ok).toBe(true);

      const pass = await lp.outbox.runOnce();
      expect(pass.ok && pass.value).toEqual({ done: 3, retrying: 0, failed: 0 });
      const inbox = await lp.notifications.list(anna.value.id, { unread: true });
      expect(inbox.ok && inbox.value.items.map((n) => n.title)).toEqual(["Ihnen zugewiesen: Bad von Erika"]);
      expect(readdirSync(directory).filter((name) => name.endsWith(".eml"))).toHaveLength(1);
      expect((await lp.staff.list()).ok).toBe(true);
    } finally {
      await lp.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
