import { createHash } from "node:crypto";
import {
  AccountingAuthRejected,
  AccountingUnavailable,
  AccountingValidationRejected,
  type AccountingSystem,
} from "../../../application/accounting/accounting-system.js";
import { sameName, type AccountingContact, type ContactMatch, type QuoteDraft } from "../../../domain/accounting/quote-draft.js";
import { readableIssues } from "./lexoffice-issues.js";
import { RequestPacer } from "./request-pacer.js";

export const DEFAULT_LEXOFFICE_URL = "https://api.lexoffice.io";

export interface LexofficeSettings {
  /** The API base, without `/v1`; LEADPORT_LEXOFFICE_URL points it at a proxy or a test double. */
  readonly baseUrl: string;
  readonly timeoutMs: number;
  /** Requests per second the service allows per client (2). */
  readonly requestsPerSecond: number;
  /** How often a 429 answer is waited out before the attempt counts as failed. */
  readonly maxRateLimitRetries: number;
  readonly now?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_LEXOFFICE_SETTINGS: LexofficeSettings = {
  baseUrl: DEFAULT_LEXOFFICE_URL,
  timeoutMs: 15_000,
  requestsPerSecond: 2,
  maxRateLimitRetries: 4,
};

/** A quote stays valid this long unless the user changes it before finalizing. */
const QUOTE_VALID_DAYS = 30;

interface ContactPage {
  readonly content?: ReadonlyArray<{
    readonly id?: string;
    readonly roles?: { readonly customer?: unknown };
    readonly company?: { readonly name?: string };
    readonly person?: { readonly firstName?: string; readonly lastName?: string };
  }>;
}

interface VoucherPage {
  readonly content?: ReadonlyArray<{ readonly id?: string; readonly contactId?: string; readonly voucherStatus?: string }>;
}

/** One client's pacing, shared by every adapter built for the same token: the limit is per client. */
export class LexofficePacers {
  private readonly pacers = new Map<string, RequestPacer>();

  constructor(private readonly settings: LexofficeSettings) {}

  forToken(token: string): RequestPacer {
    // Keyed by a digest so the token does not sit in yet another place in memory as a map key.
    const key = createHash("sha256").update(token).digest("hex");
    let pacer = this.pacers.get(key);
    if (!pacer) {
      // Evenly spaced, no bursts: the service's own bucket then has a request's worth of slack for network jitter.
      pacer = new RequestPacer(1, 1000 / this.settings.requestsPerSecond, Date.now, this.settings.sleep);
      this.pacers.set(key, pacer);
    }
    return pacer;
  }
}

/**
 * The Lexware Office (formerly lexoffice) public API: contacts and quotations. Quotations are
 * created as drafts (no `finalize`), addressed by the contact's id; contacts carry the customer
 * role, a company name or a person's last name, and `version: 0` as the API's optimistic locking
 * requires on creation. The token goes only into the Authorization header; no message built here
 * contains it.
 */
export class LexofficeAccounting implements AccountingSystem {
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly token: string,
    private readonly settings: LexofficeSettings,
    private readonly pacer: RequestPacer,
  ) {
    this.now = settings.now ?? (() => new Date());
    this.sleep = settings.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async verify(): Promise<void> {
    await this.request("GET", "/v1/profile");
  }

  async findContact(match: ContactMatch): Promise<string | null> {
    // The API's filters need at least 3 characters; a shorter value would list everyone.
    if (match.email && match.email.length >= 3) {
      const byEmail = await this.request<ContactPage>("GET", `/v1/contacts?${new URLSearchParams({ email: match.email, customer: "true" })}`);
      const found = byEmail.content?.find((contact) => typeof contact.id === "string");
      if (found?.id) return found.id;
    }
    if (match.name.length < 3) return null;
    const byName = await this.request<ContactPage>("GET", `/v1/contacts?${new URLSearchParams({ name: match.name, customer: "true" })}`);
    const found = byName.content?.find((contact) =>
      match.kind === "company"
        ? sameName(contact.company?.name ?? null, match.name)
        : sameName(contact.person?.lastName ?? null, match.name) && sameName(contact.person?.firstName ?? null, match.firstName),
    );
    return found?.id ?? null;
  }

  async createContact(contact: AccountingContact): Promise<string> {
    const channel = contact.kind === "company" ? "business" : "private";
    const body = {
      version: 0,
      roles: { customer: {} },
      ...(contact.kind === "company"
        ? { company: { name: contact.companyName } }
        : { person: { ...(contact.salutation ? { salutation: contact.salutation.slice(0, 25) } : {}), ...(contact.firstName ? { firstName: contact.firstName } : {}), lastName: contact.lastName } }),
      addresses: {
        billing: [{ street: contact.address.street, zip: contact.address.zipcode, city: contact.address.city, countryCode: contact.address.countryCode }],
      },
      ...(contact.email ? { emailAddresses: { [channel]: [contact.email] } } : {}),
      ...(contact.phone ? { phoneNumbers: { [channel]: [contact.phone] } } : {}),
    };
    return this.createdId(await this.request("POST", "/v1/contacts", body));
  }

  async findQuoteDraft(contactId: string, reference: string): Promise<string | null> {
    const query = new URLSearchParams({ voucherType: "quotation", voucherStatus: "draft", contactId, size: "250" });
    const page = await this.request<VoucherPage>("GET", `/v1/voucherlist?${query}`);
    for (const voucher of page.content ?? []) {
      if (!voucher.id || (voucher.contactId !== undefined && voucher.contactId !== contactId)) continue;
      const quotation = await this.request<{ remark?: string }>("GET", `/v1/quotations/${encodeURIComponent(voucher.id)}`);
      if (typeof quotation.remark === "string" && quotation.remark.includes(reference)) return voucher.id;
    }
    return null;
  }

  async createQuoteDraft(draft: QuoteDraft, contactId: string): Promise<string> {
    const today = this.now();
    const body = {
      voucherDate: today.toISOString(),
      expirationDate: new Date(today.getTime() + QUOTE_VALID_DAYS * 86_400_000).toISOString(),
      address: { contactId },
      lineItems: [
        {
          type: "custom",
          name: draft.lineItem.name,
          ...(draft.lineItem.description ? { description: draft.lineItem.description } : {}),
          quantity: draft.lineItem.quantity,
          unitName: "Pauschal",
          unitPrice: { currency: "EUR", netAmount: draft.lineItem.netAmountCents / 100, taxRatePercentage: draft.lineItem.taxRatePercent },
          discountPercentage: 0,
        },
      ],
      totalPrice: { currency: "EUR" },
      taxConditions: { taxType: "net" },
      title: draft.title,
      // The reference lets a retry find this draft when the answer to its creation was lost.
      remark: draft.reference,
    };
    // No `?finalize=true`: the quote stays a draft for the user to check and finalize.
    return this.createdId(await this.request("POST", "/v1/quotations", body));
  }

  private createdId(answer: unknown): string {
    const id = (answer as { id?: unknown } | null)?.id;
    if (typeof id !== "string" || id === "") throw new AccountingUnavailable("Lexware Office answered without an id");
    return id;
  }

  private async request<T = unknown>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    for (let rateLimited = 0; ; rateLimited += 1) {
      await this.pacer.take();
      let response: Response;
      try {
        response = await fetch(`${this.settings.baseUrl.replace(/\/+$/, "")}${path}`, {
          method,
          headers: {
            Authorization: `Bearer ${this.token}`,
            Accept: "application/json",
            ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
          },
          body: body !== undefined ? JSON.stringify(body) : undefined,
          signal: AbortSignal.timeout(this.settings.timeoutMs),
        });
      } catch (error) {
        const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
        throw new AccountingUnavailable(timedOut ? `Lexware Office did not answer within ${this.settings.timeoutMs} ms` : "Lexware Office could not be reached");
      }
      if (response.status === 429 && rateLimited < this.settings.maxRateLimitRetries) {
        await response.body?.cancel();
        await this.sleep(retryAfterMs(response.headers.get("retry-after"), rateLimited));
        continue;
      }
      return this.read<T>(response, method, path);
    }
  }

  private async read<T>(response: Response, method: string, path: string): Promise<T> {
    const what = `${method} ${path.split("?")[0]}`;
    const text = await response.text().catch(() => "");
    let json: unknown = undefined;
    try {
      json = text === "" ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (response.status === 401) throw new AccountingAuthRejected("Lexware Office refused the token (HTTP 401)");
    // A valid token without the needed permission: as hopeless to retry as a wrong one.
    if (response.status === 403) throw new AccountingAuthRejected("Lexware Office refused access with this token (HTTP 403)");
    if (response.status === 406 || response.status === 400 || response.status === 422) throw new AccountingValidationRejected(readableIssues(json));
    if (response.status === 429) throw new AccountingUnavailable(`Lexware Office rate limit still exceeded after ${this.settings.maxRateLimitRetries} waits (${what})`);
    if (!response.ok) throw new AccountingUnavailable(`Lexware Office answered HTTP ${response.status} to ${what}`);
    if (json === undefined || typeof json !== "object" || json === null) throw new AccountingUnavailable(`Lexware Office sent an unreadable answer to ${what}`);
    return json as T;
  }
}

/** The server's Retry-After in seconds when given, else 1 s, 2 s, 4 s … */
function retryAfterMs(header: string | null, waitsSoFar: number): number {
  const seconds = header === null ? Number.NaN : Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(60_000, seconds * 1000);
  return 1000 * 2 ** waitsSoFar;
}
