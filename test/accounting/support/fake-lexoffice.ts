import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for the Lexware Office public API, as much of it as the quote-draft bridge
 * uses: /v1/profile, /v1/contacts (create, filter by email and name), /v1/quotations (create as
 * draft or finalized, read one), /v1/voucherlist. It checks the documented rules — Bearer token,
 * 2 requests per second per client (429 beyond), a contact's customer role, company name or
 * person's last name and `version: 0` on creation, a quotation's `address.contactId`, line items,
 * dates and a title of at most 25 characters — and answers violations with 406 and an IssueList.
 *
 * Faults are scripted: `outage(n)` answers the next n requests with 503, `loseAnswer("quotation")`
 * creates the next quotation but never answers (the client times out), `malformedOnce()` sends
 * a body that is not JSON.
 */
export interface FakeContact {
  id: string;
  version: number;
  roles: { customer?: object };
  company?: { name: string };
  person?: { salutation?: string; firstName?: string; lastName: string };
  addresses?: { billing?: Array<{ street?: string; zip?: string; city?: string; countryCode: string }> };
  emailAddresses?: Record<string, string[]>;
}

export interface FakeQuotation {
  id: string;
  voucherStatus: "draft" | "open";
  contactId: string;
  title: string;
  remark?: string;
  lineItems: Array<{ name: string; description?: string; quantity: number; unitPrice: { netAmount: number; taxRatePercentage: number } }>;
  version: number;
}

export interface FakeLexoffice {
  readonly url: string;
  token: string;
  readonly contacts: FakeContact[];
  readonly quotations: FakeQuotation[];
  /** Every request as received: method, path and the Authorization header's presence. */
  readonly requests: Array<{ method: string; path: string; status: number; at: number }>;
  /** Requests refused with 429 because the client went above 2 per second. */
  rateLimited: number;
  outage(requests: number): void;
  loseAnswer(kind: "quotation" | "contact"): void;
  malformedOnce(): void;
  close(): Promise<void>;
}

const RATE_LIMIT = 2;
const RATE_WINDOW_MS = 1000;

type Issue = { i18nKey: string; source: string; type: "validation_failure" };

export async function startFakeLexoffice(token = "lexoffice-test-token"): Promise<FakeLexoffice> {
  const contacts: FakeContact[] = [];
  const quotations: FakeQuotation[] = [];
  const requests: FakeLexoffice["requests"] = [];
  let bucket = RATE_LIMIT;
  let refilledAt = Date.now();
  let outageLeft = 0;
  let loseNext: "quotation" | "contact" | null = null;
  let malformed = false;
  const held: ServerResponse[] = [];

  const fake: FakeLexoffice = {
    url: "",
    token,
    contacts,
    quotations,
    requests,
    rateLimited: 0,
    outage: (n) => void (outageLeft = n),
    loseAnswer: (kind) => void (loseNext = kind),
    malformedOnce: () => void (malformed = true),
    close: async () => {
      for (const response of held.splice(0)) response.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const send = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { "Content-Type": "application/json" });
    response.end(JSON.stringify(body));
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<number> {
    const url = new URL(request.url ?? "/", "http://fake");
    const now = Date.now();
    // The documented limit: 2 requests per second per client, as a token bucket (bursts of 2).
    bucket = Math.min(RATE_LIMIT, bucket + ((now - refilledAt) * RATE_LIMIT) / RATE_WINDOW_MS);
    refilledAt = now;
    if (bucket < 1) {
      fake.rateLimited += 1;
      send(response, 429, { status: 429, error: "Too Many Requests", message: "Rate limit exceeded" });
      return 429;
    }
    bucket -= 1;
    if (request.headers.authorization !== `Bearer ${fake.token}`) {
      send(response, 401, { status: 401, error: "Unauthorized", message: "Unauthorized" });
      return 401;
    }
    if (outageLeft > 0) {
      outageLeft -= 1;
      send(response, 503, { status: 503, error: "Service Unavailable" });
      return 503;
    }
    if (malformed) {
      malformed = false;
      response.writeHead(200, { "Content-Type": "application/json" });
      response.end("<html>maintenance</html>");
      return 200;
    }
    const body = request.method === "POST" ? await readJson(request) : undefined;
    if (request.method === "POST" && body === undefined) {
      send(response, 400, { status: 400, error: "Bad Request", message: "Malformed JSON" });
      return 400;
    }
    const path = url.pathname;
    if (request.method === "GET" && path === "/v1/profile") {
      send(response, 200, { organizationId: "org-1", companyName: "Dachdecker Schulz", created: { userId: "u-1" } });
      return 200;
    }
    if (request.method === "GET" && path === "/v1/contacts") return listContacts(url, response);
    if (request.method === "POST" && path === "/v1/contacts") return createContact(body ?? {}, response);
    if (request.method === "POST" && path === "/v1/quotations") return createQuotation(body ?? {}, url, response);
    const one = /^\/v1\/quotations\/([^/]+)$/.exec(path);
    if (request.method === "GET" && one) {
      const quotation = quotations.find((candidate) => candidate.id === decodeURIComponent(one[1] as string));
      if (!quotation) {
        send(response, 404, { status: 404, error: "Not Found" });
        return 404;
      }
      send(response, 200, { ...quotation, address: { contactId: quotation.contactId } });
      return 200;
    }
    if (request.method === "GET" && path === "/v1/voucherlist") {
      const type = url.searchParams.get("voucherType");
      const status = url.searchParams.get("voucherStatus");
      const contactId = url.searchParams.get("contactId");
      const content = quotations
        .filter(() => type === "quotation")
        .filter((quotation) => !status || status.split(",").includes(quotation.voucherStatus))
        .filter((quotation) => !contactId || quotation.contactId === contactId)
        .map((quotation) => ({ id: quotation.id, voucherType: "quotation", voucherStatus: quotation.voucherStatus, contactId: quotation.contactId }));
      send(response, 200, { content, totalElements: content.length, totalPages: 1, first: true, last: true });
      return 200;
    }
    send(response, 404, { status: 404, error: "Not Found" });
    return 404;
  }

  function listContacts(url: URL, response: ServerResponse): number {
    const email = url.searchParams.get("email");
    const name = url.searchParams.get("name");
    const customerOnly = url.searchParams.get("customer") === "true";
    for (const [key, value] of [["email", email], ["name", name]] as const) {
      if (value !== null && value.length < 3) {
        send(response, 400, { IssueList: [{ i18nKey: "invalid_value", source: key, type: "validation_failure" }] });
        return 400;
      }
    }
    const lower = (value: string | undefined) => (value ?? "").toLowerCase();
    const content = contacts.filter((contact) => {
      if (customerOnly && !contact.roles.customer) return false;
      if (email && !Object.values(contact.emailAddresses ?? {}).flat().some((address) => lower(address) === lower(email))) return false;
      if (name) {
        const names = [contact.company?.name, contact.person?.firstName, contact.person?.lastName].map(lower);
        if (!names.some((candidate) => candidate.includes(lower(name)))) return false;
      }
      return true;
    });
    send(response, 200, { content, totalElements: content.length, totalPages: 1, first: true, last: true });
    return 200;
  }

  function createContact(body: Record<string, unknown>, response: ServerResponse): number {
    const issues: Issue[] = [];
    const issue = (i18nKey: string, source: string) => issues.push({ i18nKey, source, type: "validation_failure" });
    if (body.version !== 0) issue("missing_entity", "version");
    const roles = body.roles as FakeContact["roles"] | undefined;
    if (!roles || (!roles.customer && !(roles as Record<string, unknown>).vendor)) issue("missing_entity", "roles");
    const company = body.company as FakeContact["company"] | undefined;
    const person = body.person as FakeContact["person"] | undefined;
    if (company && person) issue("not_allowed_value", "person");
    if (company && !company.name?.trim()) issue("missing_entity", "company.name");
    if (person && !person.lastName?.trim()) issue("missing_entity", "person.lastName");
    if (!company && !person) issue("missing_entity", "company.name");
    const billing = (body.addresses as FakeContact["addresses"] | undefined)?.billing ?? [];
    billing.forEach((address, index) => {
      if (!/^[A-Z]{2}$/.test(address.countryCode ?? "")) issue("missing_entity", `addresses.billing[${index}].countryCode`);
    });
    if (issues.length > 0) {
      send(response, 406, { IssueList: issues });
      return 406;
    }
    const contact = { ...(body as unknown as FakeContact), id: randomUUID(), version: 1 };
    contacts.push(contact);
    if (loseNext === "contact") {
      loseNext = null;
      held.push(response);
      return 0;
    }
    send(response, 200, { id: contact.id, resourceUri: `${fake.url}/v1/contacts/${contact.id}`, createdDate: new Date().toISOString(), updatedDate: new Date().toISOString(), version: 1 });
    return 200;
  }

  function createQuotation(body: Record<string, unknown>, url: URL, response: ServerResponse): number {
    const issues: Issue[] = [];
    const issue = (i18nKey: string, source: string) => issues.push({ i18nKey, source, type: "validation_failure" });
    const contactId = (body.address as { contactId?: string } | undefined)?.contactId;
    if (!contactId || !contacts.some((contact) => contact.id === contactId)) issue("missing_entity", "address.contactId");
    for (const field of ["voucherDate", "expirationDate"]) if (typeof body[field] !== "string" || Number.isNaN(Date.parse(body[field] as string))) issue("missing_entity", field);
    const lineItems = body.lineItems as FakeQuotation["lineItems"] | undefined;
    if (!Array.isArray(lineItems) || lineItems.length === 0) issue("missing_entity", "lineItems");
    (lineItems ?? []).forEach((item, index) => {
      if (!item.name?.trim()) issue("missing_entity", `lineItems[${index}].name`);
      if (typeof item.unitPrice?.netAmount !== "number") issue("missing_entity", `lineItems[${index}].unitPrice.netAmount`);
      if (![0, 7, 19].includes(item.unitPrice?.taxRatePercentage)) issue("invalid_value", `lineItems[${index}].unitPrice.taxRatePercentage`);
    });
    if (typeof body.title === "string" && [...body.title].length > 25) issue("value_too_long", "title");
    if ((body.taxConditions as { taxType?: string } | undefined)?.taxType === undefined) issue("missing_entity", "taxConditions.taxType");
    if (issues.length > 0) {
      send(response, 406, { IssueList: issues });
      return 406;
    }
    const quotation: FakeQuotation = {
      id: randomUUID(),
      voucherStatus: url.searchParams.get("finalize") === "true" ? "open" : "draft",
      contactId: contactId as string,
      title: body.title as string,
      remark: body.remark as string | undefined,
      lineItems: lineItems as FakeQuotation["lineItems"],
      version: 1,
    };
    quotations.push(quotation);
    if (loseNext === "quotation") {
      loseNext = null;
      held.push(response);
      return 0;
    }
    send(response, 201, { id: quotation.id, resourceUri: `${fake.url}/v1/quotations/${quotation.id}`, createdDate: new Date().toISOString(), updatedDate: new Date().toISOString(), version: 1 });
    return 201;
  }

  const server: Server = createServer((request, response) => {
    void handle(request, response).then(
      (status) => requests.push({ method: request.method ?? "", path: request.url ?? "", status, at: Date.now() }),
      (error: unknown) => send(response, 500, { status: 500, error: String(error) }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  (fake as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
