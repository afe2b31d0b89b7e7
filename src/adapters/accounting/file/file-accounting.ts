import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { AccountingSystem } from "../../../application/accounting/accounting-system.js";
import { sameName, type AccountingContact, type ContactMatch, type QuoteDraft } from "../../../domain/accounting/quote-draft.js";
import { formatEuros } from "../../../domain/shared/money.js";

interface StoredContact {
  readonly id: string;
  readonly contact: AccountingContact;
}

/**
 * Quote drafts as files, for businesses without an accounting connection and for inspection:
 * `<dataDir>/accounting/<workspace>/quotes/<inquiry>.json` (the draft as sent to any system) and
 * `.txt` (readable), contacts under `contacts/`. The file names are the ids, so writing a draft
 * again overwrites the same file and never makes a second one.
 */
export class FileAccounting implements AccountingSystem {
  private readonly root: string;

  constructor(dataDir: string, workspaceId: string) {
    this.root = join(dataDir, "accounting", safeName(workspaceId));
  }

  async verify(): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
  }

  async findContact(match: ContactMatch): Promise<string | null> {
    const contacts = await this.contacts();
    const email = match.email?.trim().toLowerCase();
    const byEmail = email ? contacts.find((stored) => stored.contact.email?.trim().toLowerCase() === email) : undefined;
    if (byEmail) return byEmail.id;
    const byName = contacts.find(({ contact }) =>
      match.kind === "company"
        ? contact.kind === "company" && sameName(contact.companyName, match.name)
        : contact.kind === "person" && sameName(contact.lastName, match.name) && sameName(contact.firstName, match.firstName),
    );
    return byName?.id ?? null;
  }

  async createContact(contact: AccountingContact): Promise<string> {
    const id = randomUUID();
    await this.write(join("contacts", `${id}.json`), `${JSON.stringify({ id, contact } satisfies StoredContact, null, 2)}\n`);
    return id;
  }

  async findQuoteDraft(_contactId: string, reference: string): Promise<string | null> {
    const inquiryId = reference.split(" ").pop() ?? "";
    const exists = await stat(join(this.root, "quotes", `${safeName(inquiryId)}.json`)).then(
      () => true,
      () => false,
    );
    return exists ? `quote-${inquiryId}` : null;
  }

  async createQuoteDraft(draft: QuoteDraft, contactId: string): Promise<string> {
    const name = safeName(draft.inquiryId);
    await this.write(join("quotes", `${name}.json`), `${JSON.stringify({ status: "draft", contactId, ...draft }, null, 2)}\n`);
    await this.write(join("quotes", `${name}.txt`), readableQuote(draft));
    return `quote-${draft.inquiryId}`;
  }

  private async contacts(): Promise<StoredContact[]> {
    const directory = join(this.root, "contacts");
    const names = await readdir(directory).catch(() => [] as string[]);
    const contacts: StoredContact[] = [];
    for (const name of names.filter((file) => file.endsWith(".json")).sort()) {
      contacts.push(JSON.parse(await readFile(join(directory, name), "utf8")) as StoredContact);
    }
    return contacts;
  }

  /** Written beside and renamed into place, so a reader never sees half a file. */
  private async write(relativePath: string, content: string): Promise<void> {
    const path = join(this.root, relativePath);
    await mkdir(join(path, ".."), { recursive: true, mode: 0o700 });
    const temporary = `${path}.${randomUUID()}.tmp`;
    await writeFile(temporary, content, { mode: 0o600 });
    await rename(temporary, path);
  }
}

/** Ids are ours (uuids), but a file name must never become a path. */
function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, "_");
}

function readableQuote(draft: QuoteDraft): string {
  const { contact, lineItem } = draft;
  const name = contact.kind === "company" ? contact.companyName : [contact.salutation, contact.firstName, contact.lastName].filter(Boolean).join(" ");
  const gross = Math.round(lineItem.netAmountCents * (1 + lineItem.taxRatePercent / 100));
  const lines = [
    `Angebotsentwurf: ${draft.title}`,
    `Referenz: ${draft.reference}`,
    "",
    name,
    contact.address.street,
    `${contact.address.zipcode} ${contact.address.city}`,
    contact.address.countryCode,
    ...(contact.email ? [contact.email] : []),
    "",
    `Position: ${lineItem.name}${lineItem.description ? ` (${lineItem.description})` : ""}`,
    `Menge: ${lineItem.quantity}`,
    `Netto: ${formatEuros(lineItem.netAmountCents)}`,
    `USt. ${lineItem.taxRatePercent} %: ${formatEuros(gross - lineItem.netAmountCents)}`,
    `Brutto: ${formatEuros(gross)}`,
  ];
  if (draft.missingFields.length > 0) lines.push("", `Bitte prüfen, fehlende Angaben: ${draft.missingFields.join(", ")}`);
  for (const adjustment of draft.adjustments) lines.push(`- ${adjustment}`);
  return `${lines.join("\n")}\n`;
}
