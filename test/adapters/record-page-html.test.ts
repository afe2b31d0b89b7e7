import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inquiryPage, orderPage, ticketPage, type PageFrame } from "../../src/adapters/http/pages/record-page-html.js";
import { newCatalogEntry, SEED_STATUSES } from "../../src/domain/catalog/catalog.js";
import { blankInquiry, finalizeInquiry, type Inquiry } from "../../src/domain/inquiry/inquiry.js";
import { DEFAULT_SCORE_WEIGHTS } from "../../src/domain/inquiry/lead-score.js";
import { newStaffMember } from "../../src/domain/staff/staff.js";

const now = new Date("2026-11-25T09:00:00Z");
const member = newStaffMember("s1", "ws", { name: "Anna Schulz", email: "anna@firma.example" }, now);
const statuses = SEED_STATUSES.map((seed, i) => newCatalogEntry(`st${i}`, "ws", "status", seed, now));
const source = newCatalogEntry("src", "ws", "source", { name: "Website", scoreWeight: 0.7 }, now);

const frame = (locale: "de" | "en"): PageFrame => ({
  locale,
  token: "rl1.ws.s1.i.inq.1797309226.sig",
  member,
  expiresAt: "2026-12-09T09:00:00.000Z",
  done: null,
  action: "/app/inquiries/inq",
});

function inquiryWith(fields: Partial<Inquiry>, locale: "de" | "en"): Inquiry {
  const blank = blankInquiry({ id: "inq", workspaceId: "ws", customerId: "c", customerMatch: "created", now });
  const draft = { ...blank, title: "Dachsanierung", contact: { name: "Otto Normal", email: "otto@example.org", phone: "+49 511 4711" }, ...fields };
  return finalizeInquiry(draft, statuses[0]!, source, { weights: DEFAULT_SCORE_WEIGHTS, sourceWeight: 0.5, now, locale });
}

describe("record pages", () => {
  it("speak English to an English workspace, with its reasons, forms and the signed link in each form", () => {
    const html = inquiryPage(frame("en"), inquiryWith({ expectedValueCents: 1_250_000 }, "en"), statuses, [member]);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("<h1>Inquiry: Dachsanierung</h1>");
    expect(html).toContain("Opened as Anna Schulz. This link is valid until 2026-12-09 09:00 UTC.");
    expect(html).toContain('<a href="tel:+495114711">+49 511 4711</a>');
    expect(html).toContain("job value €12,500");
    expect(html).toContain("Change status");
    expect(html.match(/name="t" value="rl1\.ws\.s1\.i\.inq\.1797309226\.sig"/g)).toHaveLength(3);
    expect(html).toContain('<option value="Neu" selected>Neu</option>');
    expect(html).toContain('<option value="anna@firma.example">Anna Schulz &lt;anna@firma.example&gt;</option>');
    expect(html).not.toMatch(/<script|style=|\son[a-z]+=/);
  });

  it("offer only the actions a record still allows", () => {
    const order = { id: "o", workspaceId: "ws", email: "k@example.org", subject: "Rinne", message: null, totalCents: 4990, customerId: null, decidedAt: null, createdAt: "", updatedAt: "" };
    expect(orderPage(frame("de"), { ...order, status: "new" })).toContain(">Annehmen</button>");
    expect(orderPage(frame("de"), { ...order, status: "accepted" })).not.toContain("<form");
    const ticket = { id: "t", workspaceId: "ws", email: "k@example.org", name: null, phone: null, subject: "Frage", message: "Wann?", customerId: null, closedAt: null, createdAt: "", updatedAt: "" };
    expect(ticketPage(frame("de"), { ...ticket, status: "open" })).toContain(">Ticket schließen</button>");
    expect(ticketPage(frame("de"), { ...ticket, status: "closed" })).not.toContain("<form");
    const named = ticketPage(frame("de"), { ...ticket, status: "open", name: "Otto Normal", phone: "+49 511 4711" });
    expect(named).toContain("Otto Normal");
    expect(named).toContain('href="tel:+495114711"');
  });

  it("escape everything that came from outside", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (title, name, notes) => {
        const html = inquiryPage(frame("de"), inquiryWith({ title: `<img src=x>${title}`, contact: { name: `"${name}`, email: null, phone: null }, notes: `<b>${notes}` }, "de"), statuses, [member]);
        return !html.includes("<img") && !html.includes("<b>");
      }),
    );
  });
});
