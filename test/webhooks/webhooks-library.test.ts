import { describe, expect, it } from "vitest";
import { createLeadport } from "../../src/hosts/library.js";

describe("lp.webhooks in the library", () => {
  it("manages subscriptions with the same rules as the API", async () => {
    const lp = await createLeadport({ database: "memory" });
    try {
      const added = await lp.webhooks.add({ url: "https://crm.example.org/hooks", events: ["inquiry.*"] });
      if (!added.ok) throw new Error(added.error.message);
      expect(added.value.secret).toMatch(/^whsec_/);
      const listed = await lp.webhooks.list();
      expect(listed.ok && listed.value.map((webhook) => [webhook.url, "secret" in webhook])).toEqual([["https://crm.example.org/hooks", false]]);
      const refused = await lp.webhooks.add({ url: "https://127.0.0.1/hooks", events: ["*"] });
      expect(!refused.ok && refused.error.issues?.map((issue) => issue.path)).toEqual(["url"]);
      const updated = await lp.webhooks.update(added.value.id, { active: false });
      expect(updated.ok && updated.value.active).toBe(false);
      expect(await lp.webhooks.deliveries(added.value.id)).toEqual({ ok: true, value: { items: [], nextCursor: null } });
      expect((await lp.webhooks.deliveries(added.value.id, { cursor: "nope" })).ok).toBe(false);
      expect(await lp.webhooks.deliverDue()).toEqual({ ok: true, value: { delivered: 0, retrying: 0, dead: 0, disabled: 0 } });
      const rotated = await lp.webhooks.rotateSecret(added.value.id);
      if (!rotated.ok) throw new Error(rotated.error.message);
      expect(rotated.value.secret).toMatch(/^whsec_/);
      expect(rotated.value.secret).not.toBe(added.value.secret);
      expect(Date.parse(rotated.value.previousSecretExpiresAt!) - Date.parse(rotated.value.updatedAt)).toBe(24 * 3_600_000);
      const atOnce = await lp.webhooks.rotateSecret(added.value.id, { graceHours: 0 });
      expect(atOnce.ok && atOnce.value.previousSecretExpiresAt).toBeNull();
      const tooLong = await lp.webhooks.rotateSecret(added.value.id, { graceHours: 169 });
      expect(!tooLong.ok && tooLong.error.issues?.map((issue) => issue.path)).toEqual(["graceHours"]);
      expect((await lp.webhooks.rotateSecret("nope")).ok).toBe(false);
      // Recorded with the rotation, naming the grace period but no secret.
      const outbox = await lp.outbox.list();
      const recorded = outbox.ok ? outbox.value.filter((message) => message.type === "WebhookSecretRotated") : [];
      expect(recorded.map((message) => message.payload)).toHaveLength(2);
      expect(recorded.map((message) => message.payload)).toEqual(expect.arrayContaining([
        { webhookId: added.value.id, graceHours: 24, previousSecretExpiresAt: rotated.value.previousSecretExpiresAt },
        { webhookId: added.value.id, graceHours: 0, previousSecretExpiresAt: null },
      ]));
      expect(JSON.stringify(recorded)).not.toMatch(/whsec_/);
      expect((await lp.webhooks.remove(added.value.id)).ok).toBe(true);
      expect((await lp.webhooks.get(added.value.id)).ok).toBe(false);
    } finally {
      await lp.close();
    }
  });
});
