import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { asciiFilename, FALLBACK_FILENAME, safeFilename } from "../../src/domain/attachment/attachment.js";
import { decideOrder, newOrder, type WebOrder } from "../../src/domain/order/order.js";
import { closeTicket, DEFAULT_TICKET_SUBJECT, newTicket, type Ticket } from "../../src/domain/ticket/ticket.js";

const now = new Date("2026-11-25T09:00:00.000Z");
const later = new Date("2026-11-25T10:00:00.000Z");
const identity = { id: "t-1", workspaceId: "ws-1", customerId: null, now };

function must<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

describe("tickets", () => {
  it('titles a ticket without a subject "Anfrage Webseite"', () => {
    for (const subject of [undefined, null, "", "   "]) {
      expect(must(newTicket(identity, { email: "a@example.org", subject, message: "Hallo" })).subject).toBe(DEFAULT_TICKET_SUBJECT);
    }
    expect(DEFAULT_TICKET_SUBJECT).toBe("Anfrage Webseite");
  });

  it("starts open, keeps the sender's subject and trims the message", () => {
    const ticket = must(newTicket(identity, { email: " a@example.org ", subject: "Beratung", message: "  Hallo  " }));
    expect(ticket).toMatchObject({ status: "open", subject: "Beratung", message: "Hallo", email: "a@example.org", closedAt: null });
  });

  it("needs an e-mail address and a message, naming the field", () => {
    expect(newTicket(identity, { email: "", message: "x" })).toMatchObject({ ok: false, error: { issues: [{ path: "email" }] } });
    expect(newTicket(identity, { email: "kein-at", message: "x" })).toMatchObject({ ok: false, error: { issues: [{ path: "email" }] } });
    expect(newTicket(identity, { email: "a@example.org", message: " " })).toMatchObject({ ok: false, error: { issues: [{ path: "message" }] } });
  });

  it("closes an open ticket once; closing again is a conflict", () => {
    const open: Ticket = must(newTicket(identity, { email: "a@example.org", message: "x" }));
    const closed = must(closeTicket(open, later));
    expect(closed).toMatchObject({ status: "closed", closedAt: later.toISOString(), updatedAt: later.toISOString() });
    expect(closeTicket(closed, later)).toMatchObject({ ok: false, error: { code: "conflict" } });
  });
});

describe("web orders", () => {
  it("stores the gross total as integer cents (49.90 → 4990)", () => {
    expect(must(newOrder(identity, { email: "a@example.org", totalEuros: 49.9 })).totalCents).toBe(4990);
    expect(must(newOrder(identity, { email: "a@example.org" })).totalCents).toBe(0);
  });

  it("holds the cents exactly for every amount with at most two decimals", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), (cents) => {
        expect(must(newOrder(identity, { email: "a@example.org", totalEuros: cents / 100 })).totalCents).toBe(cents);
      }),
    );
  });

  it("refuses negative totals and fractions of a cent, naming total", () => {
    expect(newOrder(identity, { email: "a@example.org", totalEuros: -1 })).toMatchObject({ ok: false, error: { issues: [{ path: "total" }] } });
    expect(newOrder(identity, { email: "a@example.org", totalEuros: 1.005 })).toMatchObject({ ok: false, error: { issues: [{ path: "total" }] } });
  });

  it("moves new → accepted or new → rejected exactly once", () => {
    fc.assert(
      fc.property(fc.constantFrom("accepted" as const, "rejected" as const), fc.constantFrom("accepted" as const, "rejected" as const), (first, second) => {
        const order: WebOrder = must(newOrder(identity, { email: "a@example.org", totalEuros: 10 }));
        expect(order.status).toBe("new");
        const decided = must(decideOrder(order, first, later));
        expect(decided).toMatchObject({ status: first, decidedAt: later.toISOString() });
        expect(decideOrder(decided, second, later)).toMatchObject({ ok: false, error: { code: "conflict" } });
      }),
    );
  });
});

describe("attachment file names", () => {
  it("keeps only the last path segment and drops header-breaking characters", () => {
    expect(safeFilename("../../etc/passwd")).toBe("passwd");
    expect(safeFilename("C:\\Users\\max\\Angebot.pdf")).toBe("Angebot.pdf");
    expect(safeFilename('bad"name\r\n.pdf')).toBe("badname.pdf");
    expect(safeFilename("Grundriss Küche.pdf")).toBe("Grundriss Küche.pdf");
    expect(safeFilename("")).toBe(FALLBACK_FILENAME);
    expect(safeFilename("...")).toBe(FALLBACK_FILENAME);
    expect(safeFilename(undefined)).toBe(FALLBACK_FILENAME);
  });

  it("drops control characters and the bidi marks that disguise an extension", () => {
    expect(safeFilename("rechnung\u202Efdp.exe")).toBe("rechnungfdp.exe");
    expect(safeFilename("a\u0000b\u0085c\u2066d\u2069\u200f.pdf")).toBe("abcd.pdf");
  });

  it("never yields a separator, a quote, a control character or a leading dot", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (name) => {
        const safe = safeFilename(name);
        expect(safe).not.toMatch(/[/\\"\u0000-\u001f\u007f]/);
        expect(safe.startsWith(".")).toBe(false);
        expect(safe.length).toBeGreaterThan(0);
        expect(asciiFilename(safe)).toMatch(/^[\x20-\x7e]*$/);
      }),
    );
  });
});
