import { beforeEach, describe, expect, it } from "vitest";
import { allowsOrigin } from "../../src/domain/access/api-key.js";
import { CreateApiKey } from "../../src/application/access/create-api-key.js";
import { IsFormOriginAllowed } from "../../src/application/forms/form-origins.js";
import { MAX_EXTRA_FIELDS } from "../../src/application/forms/form-inquiry-schemas.js";
import { SubmitFormInquiry } from "../../src/application/forms/submit-form-inquiry.js";
import { CreateInquiry } from "../../src/application/inquiries/create-inquiry.js";
import { GetInquiry } from "../../src/application/inquiries/get-inquiry.js";
import { ReleaseInquiry } from "../../src/application/inquiries/release-inquiry.js";
import { spamPattern } from "../../src/domain/inquiry/spam.js";
import { notificationTriggerOf } from "../../src/application/notifications/notification-triggers.js";
import { ListInquiries } from "../../src/application/inquiries/list-inquiries.js";
import { CreateWorkspace } from "../../src/application/workspaces/create-workspace.js";
import { MemoryUnitOfWork } from "../../src/adapters/memory/memory-unit-of-work.js";
import { CryptoSecrets } from "../../src/adapters/system/crypto-secrets.js";
import { ManualClock } from "../../src/adapters/system/system-clock.js";
import { UuidV7Ids } from "../../src/adapters/system/uuid-v7-ids.js";
import { anApiKey } from "../support/fixtures.js";

const must = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
};

function setup() {
  const uow = new MemoryUnitOfWork();
  const clock = new ManualClock();
  const ids = new UuidV7Ids();
  const create = new CreateInquiry(uow, clock, ids);
  return {
    submit: new SubmitFormInquiry(create, clock),
    clock,
    uow,
    release: new ReleaseInquiry(uow, clock, ids),
    create,
    get: new GetInquiry(uow),
    list: new ListInquiries(uow, clock),
    workspaces: new CreateWorkspace(uow, clock, ids),
    keys: new CreateApiKey(uow, clock, ids, new CryptoSecrets()),
    origins: new IsFormOriginAllowed(uow),
  };
}

const visitor = { name: "Erika Musterfrau", email: "erika@example.org", message: "Bitte um Rückruf" };

describe("submitting a website form", () => {
  let s: ReturnType<typeof setup>;
  let ws: string;

  beforeEach(async () => {
    s = setup();
    ws = must(await s.workspaces.execute("dachdecker")).id;
  });

  it("creates an inquiry through CreateInquiry: source Website, message as notes, address from flat fields", async () => {
    const outcome = must(await s.submit.execute(ws, { fields: { ...visitor, phone: "0511 1", zipcode: "30449", city: "Hannover", category: "Dach" } }));
    expect(outcome.outcome).toBe("created");
    const inquiry = must(await s.get.execute(ws, outcome.outcome === "created" ? outcome.inquiryId : ""));
    expect(inquiry).toMatchObject({
      source: "Website",
      status: "Neu",
      title: "Anfrage von Erika Musterfrau",
      notes: "Bitte um Rückruf",
      category: "Dach",
      contact: { name: "Erika Musterfrau", email: "erika@example.org", phone: "0511 1" },
      address: { street: null, zipcode: "30449", city: "Hannover" },
      customerMatch: "created",
    });
  });

  it("keeps fields named after Object.prototype members as ordinary extra fields", async () => {
    const fields = JSON.parse(
      JSON.stringify({ ...visitor, constructor: "c", toString: "t", hasOwnProperty: "h" }).replace(/}$/, ',"__proto__":"p"}'),
    ) as Record<string, unknown>;
    const outcome = must(await s.submit.execute(ws, { fields }));
    const inquiry = must(await s.get.execute(ws, outcome.outcome === "created" ? outcome.inquiryId : ""));
    expect(inquiry.notes).toBe("Bitte um Rückruf\n\nconstructor: c\ntoString: t\nhasOwnProperty: h\n__proto__: p");
  });

  it("names an invalid prototype-named field like any other field", async () => {
    const fields = JSON.parse(JSON.stringify(visitor).replace(/}$/, ',"__proto__":{"a":1}}')) as Record<string, unknown>;
    const result = await s.submit.execute(ws, { fields });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.issues?.map((issue) => issue.path)).toEqual(["__proto__"]);
  });

  it("matches an existing customer by e-mail exactly like the native API", async () => {
    must(await s.create.execute(ws, { contact: { name: "Erika Musterfrau", email: "erika@example.org" }, source: "Telefon" }));
    const outcome = must(await s.submit.execute(ws, { fields: { ...visitor, email: "ERIKA@example.org", source: "Landingpage Dach" } }));
    const inquiry = must(await s.get.execute(ws, outcome.outcome === "created" ? outcome.inquiryId : ""));
    expect(inquiry.customerMatch).toBe("email");
    expect(inquiry.source).toBe("Landingpage Dach");
  });

  it("treats empty optional fields as not given and keeps extra fields and file names in the notes", async () => {
    const outcome = must(
      await s.submit.execute(ws, {
        fields: { ...visitor, phone: "", street: "  ", Rückrufzeit: "abends", Leistungen: ["Dach", "Fassade"], Datenschutz: true },
        discardedFiles: ["dach.jpg"],
      }),
    );
    const inquiry = must(await s.get.execute(ws, outcome.outcome === "created" ? outcome.inquiryId : ""));
    expect(inquiry.contact.phone).toBeNull();
    expect(inquiry.address).toBeNull();
    expect(inquiry.notes).toBe(
      "Bitte um Rückruf\n\nRückrufzeit: abends\nLeistungen: Dach, Fassade\nDatenschutz: true\n\nNicht übernommene Dateien: dach.jpg",
    );
  });

  it("names the form's own fields in validation failures, including rules checked after mapping", async () => {
    const missing = await s.submit.execute(ws, { fields: { name: "  ", phone: 42 } });
    expect(!missing.ok && missing.error.issues).toEqual([
      { path: "name", message: "is required" },
      { path: "email", message: "is required" },
      { path: "phone", message: "must be text" },
      { path: "message", message: "is required" },
    ]);
    const badEmail = await s.submit.execute(ws, { fields: { ...visitor, email: "erika-at-example" } });
    expect(!badEmail.ok && badEmail.error.issues).toEqual([{ path: "email", message: "is not a valid e-mail address" }]);
    expect(must(await s.list.execute(ws)).items).toHaveLength(0);
  });

  it("names every bad field at once, the e-mail's format included", async () => {
    const result = await s.submit.execute(ws, { fields: { email: "erika-at-example", phone: "x".repeat(51) } });
    expect(!result.ok && result.error.issues).toEqual([
      { path: "name", message: "is required" },
      { path: "email", message: "is not a valid e-mail address" },
      { path: "phone", message: "must be at most 50 characters" },
      { path: "message", message: "is required" },
    ]);
  });

  it("refuses a submission without consent only when consent is required, and notes a given consent", async () => {
    const refused = await s.submit.execute(ws, { fields: { ...visitor, name: "" }, requireConsent: true });
    expect(!refused.ok && refused.error.issues).toEqual([
      { path: "name", message: "is required" },
      { path: "consent", message: "is required" },
    ]);
    expect(must(await s.submit.execute(ws, { fields: visitor }))).toMatchObject({ outcome: "created" });
    const given = must(await s.submit.execute(ws, { fields: { ...visitor, consent: "ja" }, requireConsent: true }));
    if (given.outcome !== "created") throw new Error("expected an inquiry");
    expect(must(await s.get.execute(ws, given.inquiryId)).notes).toContain("Einwilligung zur Datenverarbeitung: erteilt");
  });

  it(`refuses more than ${MAX_EXTRA_FIELDS} additional fields`, async () => {
    const extras = Object.fromEntries(Array.from({ length: MAX_EXTRA_FIELDS + 1 }, (_, i) => [`feld${i}`, "x"]));
    const result = await s.submit.execute(ws, { fields: { ...visitor, ...extras } });
    expect(!result.ok && result.error.code).toBe("validation_failed");
  });

  it("discards a submission with a filled honeypot and invalid fields without telling which", async () => {
    expect(must(await s.submit.execute(ws, { fields: { website: "http://spam.example", email: "nonsense" } }))).toEqual({ outcome: "discarded" });
    expect(must(await s.list.execute(ws, { held: "true" })).items).toHaveLength(0);
  });

  const rules = { minFillSeconds: 3, patterns: [spamPattern("viagra"), spamPattern("/cheap\\s+seo/")] };
  const submitted = async (fields: Record<string, unknown>) => {
    const outcome = must(await s.submit.execute(ws, { fields, spamRules: rules }));
    if (outcome.outcome !== "created") throw new Error("expected a stored inquiry");
    return { outcome, inquiry: must(await s.get.execute(ws, outcome.inquiryId)) };
  };

  it("holds a submission with a filled honeypot: unscored, out of the normal list, listed with held=true", async () => {
    const { outcome, inquiry } = await submitted({ ...visitor, website: "http://spam.example" });
    expect(outcome.held).toEqual(["honeypot"]);
    expect(inquiry).toMatchObject({ holdReasons: ["honeypot"], leadScore: 0, leadScoreReasons: [] });
    expect(must(await s.list.execute(ws)).items).toHaveLength(0);
    expect(must(await s.list.execute(ws)).total).toBe(0);
    expect(must(await s.list.execute(ws, { held: "true" })).items.map((i) => i.id)).toEqual([inquiry.id]);
  });

  it("holds a submission sent sooner after loading the form than the minimum fill time; absent or slow is fine", async () => {
    const now = s.clock.now().getTime();
    expect((await submitted({ ...visitor, _loaded: String(now - 1_000) })).outcome.held).toEqual(["too_fast"]);
    expect((await submitted({ ...visitor, _loaded: String(now - 10_000) })).outcome.held).toEqual([]);
    expect((await submitted({ ...visitor })).outcome.held).toEqual([]);
    expect((await submitted({ ...visitor, _loaded: "nonsense" })).outcome.held).toEqual([]);
  });

  it("holds a submission matching a configured pattern, case-insensitively, in any field", async () => {
    expect((await submitted({ ...visitor, message: "Buy VIAGRA now" })).outcome.held).toEqual(["pattern"]);
    expect((await submitted({ ...visitor, firma: "Cheap   SEO Ltd" })).outcome.held).toEqual(["pattern"]);
    expect((await submitted({ ...visitor, message: "Dachrinne undicht" })).outcome.held).toEqual([]);
  });

  it("writes a held InquiryCreated that notifies nobody; the release writes InquiryReleased that notifies staff", async () => {
    const { inquiry } = await submitted({ ...visitor, website: "x" });
    const triggerOf = (type: string) => {
      const event = s.uow.outboxEvents().find((e) => e.type === type && e.aggregateId === inquiry.id);
      if (!event) throw new Error(`no ${type}`);
      return notificationTriggerOf({ ...event, status: "pending", attempts: 0, nextAttemptAt: event.occurredAt, lastError: null, processedAt: null });
    };
    expect(triggerOf("InquiryCreated")).toBeNull();
    must(await s.release.execute(ws, inquiry.id));
    expect(triggerOf("InquiryReleased")).toMatchObject({ type: "inquiry_created", inquiry: { id: inquiry.id } });
  });

  it("releases a held inquiry: scored, listed normally, announced as InquiryReleased in the same transaction", async () => {
    const { inquiry } = await submitted({ ...visitor, phone: "0511 1", website: "x" });
    const released = must(await s.release.execute(ws, inquiry.id));
    expect(released).toMatchObject({ heldForReview: false, holdReasons: [] });
    expect(released.leadScore).toBeGreaterThan(0);
    expect(must(await s.list.execute(ws)).items.map((i) => i.id)).toEqual([inquiry.id]);
    expect(must(await s.list.execute(ws, { held: "true" })).items).toHaveLength(0);
    const again = await s.release.execute(ws, inquiry.id);
    expect(!again.ok && again.error.code).toBe("conflict");
    const other = await s.release.execute("another-workspace", inquiry.id);
    expect(!other.ok && other.error.code).toBe("not_found");
  });

  it("allows a browser origin only when an active publishable key lists it", async () => {
    must(await s.keys.execute(ws, { name: "Website", kind: "publishable", allowedOrigins: ["https://www.example-dachdecker.de/kontakt"], thankYouUrl: "https://www.example-dachdecker.de/danke" }));
    must(await s.keys.execute(ws, { name: "Server", kind: "secret", allowedOrigins: ["https://server.example"] }));
    expect(must(await s.origins.execute("https://www.example-dachdecker.de"))).toBe(true);
    expect(must(await s.origins.execute("https://server.example"))).toBe(false);
    expect(must(await s.origins.execute("http://www.example-dachdecker.de"))).toBe(false);
  });
});

describe("allowsOrigin", () => {
  it("accepts exactly the listed origins of an unrevoked publishable key", () => {
    const key = anApiKey("ws", { kind: "publishable", allowedOrigins: ["https://a.example"] });
    expect(allowsOrigin(key, "https://a.example")).toBe(true);
    expect(allowsOrigin(key, "https://a.example:8443")).toBe(false);
    expect(allowsOrigin(key, "null")).toBe(false);
    expect(allowsOrigin({ ...key, revokedAt: "2026-01-01T00:00:00Z" }, "https://a.example")).toBe(false);
    expect(allowsOrigin({ ...key, kind: "secret" }, "https://a.example")).toBe(false);
  });
});
