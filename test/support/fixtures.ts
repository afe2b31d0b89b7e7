import { newCatalogEntry } from "../../src/domain/catalog/catalog.js";
import { newCustomer, type Customer, type CustomerFacts } from "../../src/domain/customer/customer.js";
import { blankInquiry, type Inquiry } from "../../src/domain/inquiry/inquiry.js";
import { newWorkspace, type Workspace } from "../../src/domain/workspace/workspace.js";
import type { ApiKey } from "../../src/domain/access/api-key.js";

let counter = 0;
/** Ids that sort by creation like the real generator's. */
export function nextId(prefix = "id"): string {
  counter += 1;
  return `${prefix}-${String(counter).padStart(8, "0")}`;
}

export function at(minute: number): Date {
  return new Date(Date.UTC(2026, 10, 25, 9, minute, 0));
}

export function aWorkspace(name = `ws-${nextId()}`): Workspace {
  return newWorkspace(nextId("ws"), name, at(0));
}

export function aCustomer(workspaceId: string, facts: CustomerFacts = {}, minute = 1): Customer {
  return newCustomer(nextId("cus"), workspaceId, { firstName: "Max", lastName: "Mustermann", email: "max@example.org", ...facts }, at(minute));
}

export function anInquiry(workspaceId: string, customerId: string, overrides: Partial<Inquiry> = {}, minute = 2): Inquiry {
  return {
    ...blankInquiry({ id: nextId("inq"), workspaceId, customerId, customerMatch: "created", now: at(minute) }),
    title: "Dachsanierung",
    status: "Neu",
    source: "API",
    ...overrides,
  };
}

export function aStatus(workspaceId: string, name = "Neu") {
  return newCatalogEntry(nextId("cat"), workspaceId, "status", { name }, at(0));
}

export function anApiKey(workspaceId: string, overrides: Partial<ApiKey> = {}): ApiKey {
  const id = nextId("key");
  return {
    id,
    workspaceId,
    name: "test",
    kind: "secret",
    prefix: "lp_live_abcd",
    hash: `hash-${id}`,
    allowedOrigins: [],
    createdAt: at(0).toISOString(),
    revokedAt: null,
    lastUsedAt: null,
    ...overrides,
  };
}
