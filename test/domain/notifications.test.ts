import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { notificationMessageId, planNotifications, type InquiryFacts, type NoticeFacts } from "../../src/domain/notifications/notification.js";
import { renderNotification } from "../../src/domain/notifications/templates.js";
import { afterFailedAttempt, backoffDelayMs, type RetryPolicy } from "../../src/domain/outbox/retry-policy.js";
import { newStaffMember, staffIssues, type StaffEvent, type StaffFields } from "../../src/domain/staff/staff.js";

const now = new Date("2026-11-25T09:00:00Z");
const notice: NoticeFacts = {
  feature: "webhooks",
  topic: "subscription_disabled",
  title: "Webhook abgeschaltet",
  summary: "Der Webhook an https://crm.example.org/hook wurde abgeschaltet.",
  link: "/api/v1/webhooks/wh_1",
  severity: "warning",
};
let counter = 0;
const member = (fields: StaffFields) => newStaffMember(`staff-${++counter}`, "ws", { name: "Anna", email: `anna${counter}@firma.de`, ...fields }, now);

const inquiry: InquiryFacts = {
  id: "inq-1",
  title: "Dachsanierung",
  contactName: "Max Mustermann",
  expectedValueCents: 1_250_000,
  source: "Website",
  leadScore: 57,
  assignee: null,
  contactEmail: null,
  contactPhone: null,
  address: null,
  projectAddress: null,
  notes: null,
  urgency: null,
  desiredStartDate: null,
  followUpDate: null,
  topReasons: [],
};

describe("staff members", () => {
  it("normalise their e-mail, default to every event and to e-mail on", () => {
    const anna = newStaffMember("s1", "ws", { name: " Anna ", email: " Anna@Firma.DE " }, now);
    expect(anna).toMatchObject({ name: "Anna", email: "anna@firma.de", role: "staff", emailEnabled: true });
    expect(anna.events).toContain("new_inquiry");
  });

  it("name the failing field when the name is empty or the e-mail is invalid", () => {
    expect(staffIssues(newStaffMember("s1", "ws", { name: "", email: "nope" }, now)).map((i) => i.path)).toEqual(["name", "email"]);
  });
});

describe("who is notified", () => {
  it("tells everyone who wants new inquiries, and no one else", () => {
    const wanting = member({});
    const notWanting = member({ events: ["new_order"] });
    const plans = planNotifications({ type: "inquiry_created", inquiry }, [wanting, notWanting]);
    expect(plans.map((p) => [p.member.id, p.subject.kind, p.email])).toEqual([[wanting.id, "inquiry_created", true]]);
  });

  it("tells the assignee of a new inquiry once, as the assignee", () => {
    const assignee = member({});
    const other = member({});
    const plans = planNotifications({ type: "inquiry_created", inquiry: { ...inquiry, assignee: assignee.email } }, [assignee, other]);
    expect(plans.map((p) => [p.member.id, p.subject.kind])).toEqual([
      [assignee.id, "inquiry_assigned"],
      [other.id, "inquiry_created"],
    ]);
  });

  it("tells only the assignee about an assignment", () => {
    const assignee = member({});
    const plans = planNotifications({ type: "inquiry_assigned", inquiry: { ...inquiry, assignee: assignee.email } }, [member({}), assignee]);
    expect(plans.map((p) => p.member.id)).toEqual([assignee.id]);
  });

  it("shows an order to all staff in the app and mails those who want orders by e-mail", () => {
    const wantsMail = member({});
    const inAppOnly = member({ events: ["new_inquiry"] });
    const mailOff = member({ emailEnabled: false });
    const plans = planNotifications({ type: "order_received", order: { id: "o1", email: null, subject: null, totalCents: 4990 } }, [
      wantsMail,
      inAppOnly,
      mailOff,
    ]);
    expect(plans.map((p) => [p.member.id, p.email])).toEqual([
      [wantsMail.id, true],
      [inAppOnly.id, false],
      [mailOff.id, false],
    ]);
  });

  it("never mails a member who switched e-mail off, whatever the event", () => {
    const events = fc.subarray(["new_inquiry", "new_order", "new_ticket", "assigned_to_me"] as StaffEvent[]);
    fc.assert(
      fc.property(events, fc.constantFrom("inquiry_created", "order_received", "ticket_created") , (wanted, type) => {
        const quiet = member({ emailEnabled: false, events: wanted });
        const trigger =
          type === "inquiry_created"
            ? ({ type, inquiry } as const)
            : type === "order_received"
              ? ({ type, order: { id: "o", email: null, subject: null, totalCents: 1 } } as const)
              : ({ type, ticket: { id: "t", email: null, subject: null, message: null } } as const);
        return planNotifications(trigger, [quiet]).every((plan) => !plan.email);
      }),
    );
  });
});

describe("who hears of a feature's notice", () => {
  it("reaches all staff in the app when it names no one, whatever they asked for, and never mails", () => {
    const everything = member({});
    const nothing = member({ events: [] });
    const plans = planNotifications({ type: "notice", notice, recipients: "all_staff" }, [everything, nothing]);
    expect(plans.map((p) => [p.member.id, p.subject.kind, p.email])).toEqual([
      [everything.id, "notice", false],
      [nothing.id, "notice", false],
    ]);
  });

  it("reaches only the staff members it names; an id of no member reaches no one", () => {
    const named = member({});
    const plans = planNotifications({ type: "notice", notice, recipients: [named.id, "gone"] }, [member({}), named]);
    expect(plans.map((p) => p.member.id)).toEqual([named.id]);
    expect(planNotifications({ type: "notice", notice, recipients: [] }, [named])).toEqual([]);
  });

  it("is shown in the feature's own words, leading to what it is about", () => {
    const rendered = renderNotification({ kind: "notice", notice }, "en", "Anna", null);
    expect([rendered.title, rendered.body, rendered.link]).toEqual([notice.title, notice.summary, "/api/v1/webhooks/wh_1"]);
    expect(renderNotification({ kind: "notice", notice: { ...notice, summary: "" } }, "de", "Anna", null).body).toBe("");
  });
});

describe("notification texts", () => {
  it("announces an order in German with German money format", () => {
    const rendered = renderNotification({ kind: "order_received", order: { id: "o1", email: "kunde@example.org", subject: null, totalCents: 4990 } }, "de", "Anna", "https://crm.example.de/app/orders/o1?t=x");
    expect(rendered.title).toBe("Neue Bestellung! Eine Web-Bestellung über 49,90 € ist eingegangen.");
    expect(rendered.mail.text).toContain("Öffnen: https://crm.example.de/app/orders/o1?t=x");
    expect(rendered.link).toBe("/api/v1/orders/o1");
    expect(rendered.mail.html).toContain("49,90 €");
  });

  it("names title, contact, value, source and score of a new inquiry, in English when asked", () => {
    const de = renderNotification({ kind: "inquiry_created", inquiry }, "de", "Anna", "http://x");
    expect(de.title).toBe("Neue Anfrage: Dachsanierung von Max Mustermann");
    expect(de.body).toBe("Kunde: Max Mustermann\nWert: 12.500,00 €\nQuelle: Website\nLead-Score: 57 von 100 (warm)");
    const en = renderNotification({ kind: "inquiry_created", inquiry }, "en", "Anna", "http://x");
    expect(en.title).toBe("New inquiry: Dachsanierung from Max Mustermann");
    expect(en.body).toContain("€12,500.00");
    expect(en.body).toContain("Lead score: 57 of 100 (warm)");
  });

  it("holds what staff need to call back: phone and e-mail as links, address, message, urgency, dates and the best reasons", () => {
    const full: InquiryFacts = {
      ...inquiry,
      title: "Anfrage von Max Mustermann",
      contactEmail: "max@example.org",
      contactPhone: "+49 30 1234-567",
      address: { street: "Musterweg 1", zipcode: "12345", city: "Musterstadt", countryCode: "DE" },
      projectAddress: { street: "Musterweg 1", zipcode: "12345", city: "Musterstadt", countryCode: "DE" },
      notes: "Dach undicht\nbitte <schnell>",
      urgency: "urgent",
      desiredStartDate: "2026-12-05",
      followUpDate: null,
      leadScore: 74,
      topReasons: [{ text: "Auftragswert 12.500 €", points: 16 }, { text: "Dringlichkeit dringend", points: 15 }],
    };
    const de = renderNotification({ kind: "inquiry_created", inquiry: full }, "de", "Anna", "https://crm.example.de/app/inquiries/inq-1?t=x");
    expect(de.title).toBe("Neue Anfrage: Anfrage von Max Mustermann");
    expect(de.body.split("\n")).toEqual([
      "Kunde: Max Mustermann",
      "Telefon: +49 30 1234-567",
      "E-Mail: max@example.org",
      "Adresse: Musterweg 1, 12345 Musterstadt",
      "Nachricht: Dach undicht",
      "bitte <schnell>",
      "Dringlichkeit: dringend",
      "Wunschtermin: 05.12.2026",
      "Wert: 12.500,00 €",
      "Quelle: Website",
      "Lead-Score: 74 von 100 (heiß)",
      "Warum: Auftragswert 12.500 € (+16 Punkte); Dringlichkeit dringend (+15 Punkte)",
    ]);
    expect(de.mail.html).toContain('<a href="tel:+49301234567">+49 30 1234-567</a>');
    expect(de.mail.html).toContain('<a href="mailto:max@example.org">max@example.org</a>');
    expect(de.mail.html).toContain("Dach undicht<br>bitte &lt;schnell&gt;");
  });

  it("names the contact once when the title already does", () => {
    const named = { ...inquiry, title: "Anfrage von Max Mustermann" };
    expect(renderNotification({ kind: "inquiry_created", inquiry: named }, "de", "Anna", "http://x").title).toBe("Neue Anfrage: Anfrage von Max Mustermann");
    expect(renderNotification({ kind: "inquiry_assigned", inquiry: named }, "en", "Anna", "http://x").title).toBe("Assigned to you: Anfrage von Max Mustermann");
    expect(renderNotification({ kind: "inquiry_created", inquiry }, "de", "Anna", "http://x").title).toBe("Neue Anfrage: Dachsanierung von Max Mustermann");
  });

  it("escapes everything that came from outside in the HTML part", () => {
    const ownMarkup = /<\/?(?:!DOCTYPE html|html|head|meta|title|body|p|h1|strong|a|br)\b[^<>]*>/g;
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (title, contact, recipient) => {
        const subject = { kind: "inquiry_created", inquiry: { ...inquiry, title: `<script>${title}`, contactName: `<i>${contact}` } } as const;
        const text = renderNotification(subject, "de", `<b>${recipient}`, "http://x").mail.html.replace(ownMarkup, "");
        return !text.includes("<") && !text.includes(">");
      }),
    );
  });
});

describe("Message-IDs", () => {
  it("are the same for the same event and recipient and differ otherwise", () => {
    expect(notificationMessageId("e1", "s1", "firma.de")).toBe(notificationMessageId("e1", "s1", "firma.de"));
    expect(notificationMessageId("e1", "s1", "firma.de")).not.toBe(notificationMessageId("e1", "s2", "firma.de"));
    expect(notificationMessageId("e1", "s1", "firma.de")).toMatch(/^<[^<>@\s]+@firma\.de>$/);
  });
});

describe("retry policy", () => {
  const policies = fc.record({
    baseDelayMs: fc.integer({ min: 1, max: 60_000 }),
    maxDelayMs: fc.integer({ min: 1, max: 10_000_000 }),
    maxAttempts: fc.integer({ min: 1, max: 30 }),
  });

  it("waits longer after each failure, never beyond the maximum", () => {
    fc.assert(
      fc.property(policies, fc.integer({ min: 1, max: 100 }), (policy: RetryPolicy, attempts) => {
        const delay = backoffDelayMs(attempts, policy);
        return delay <= policy.maxDelayMs && delay <= backoffDelayMs(attempts + 1, policy) && delay > 0;
      }),
    );
  });

  it("doubles from the base delay", () => {
    const policy = { baseDelayMs: 1000, maxDelayMs: 60_000, maxAttempts: 10 };
    expect([1, 2, 3, 4, 8].map((n) => backoffDelayMs(n, policy))).toEqual([1000, 2000, 4000, 8000, 60_000]);
  });

  it("gives up after the last attempt and not before", () => {
    fc.assert(
      fc.property(policies, fc.integer({ min: 1, max: 40 }), (policy, attempts) => {
        const decision = afterFailedAttempt(attempts, policy, now);
        return decision.status === (attempts >= policy.maxAttempts ? "failed" : "pending") &&
          (decision.status === "failed" || new Date(decision.nextAttemptAt) > now);
      }),
    );
  });
});
