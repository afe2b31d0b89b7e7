import type { Command } from "commander";
import { EXIT } from "./exit-codes.js";
import type { UpdateCustomerInput } from "../../application/customers/customer-schemas.js";
import { toCustomerView, toDuplicateListView, type CustomerView } from "../../application/customers/customer-view.js";
import { toCustomerRecordView } from "../../application/customer-records/customer-record-view.js";
import { writeFile } from "node:fs/promises";
import { toPersonalDataExport } from "../../application/customer-records/export-view.js";
import { writePersonalDataZip } from "../../adapters/export/personal-data-zip.js";
import type { Failure } from "../../domain/shared/failure.js";
import type { CliContext } from "./notification-commands.js";

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** `customers edit` options and the API field each one sets; an empty value clears the field. */
const EDIT_FLAGS = [
  ["--type <type>", "type", "person or company"],
  ["--salutation <text>", "salutation", "salutation"],
  ["--first-name <text>", "firstName", "first name"],
  ["--last-name <text>", "lastName", "last name"],
  ["--company <text>", "companyName", "company name"],
  ["--email <address>", "email", "e-mail address"],
  ["--phone <number>", "phone", "phone number"],
] as const;
const ADDRESS_FLAGS = [
  ["--street <text>", "street"],
  ["--zipcode <text>", "zipcode"],
  ["--city <text>", "city"],
  ["--country <code>", "countryCode"],
] as const;

const optionKey = (flag: string) => flag.split(" ")[0]!.slice(2).replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
const flagOf = (path: string): string => {
  const field = path.replace(/^address\./, "");
  const all: ReadonlyArray<readonly [string, string, ...string[]]> = [...EDIT_FLAGS, ...ADDRESS_FLAGS];
  return all.find(([, name]) => name === field)?.[0].split(" ")[0] ?? path;
};

/** Says what went wrong in terms of the command line: the option, not the API field. */
function withFlags(failure: Failure): Failure {
  if (!failure.issues) return failure;
  return { ...failure, message: failure.issues.map((issue) => `${flagOf(issue.path)} ${issue.message}`).join("; ") };
}

export const customerLine = (c: CustomerView) =>
  `${c.id}  ${c.displayName || "(no name)"}  ${c.email ?? "-"}  ${c.phone ?? "-"}  ${c.address?.zipcode ?? ""} ${c.address?.city ?? ""}`.trimEnd();

/** `customers list|show|edit|delete|duplicates|merge|export|erase`. */
export function registerCustomerCommands(program: Command, cli: CliContext): Command {
  const customers = program.command("customers").description("list, show, edit, merge, export and erase customers");

  customers
    .command("list")
    .description("list customers, newest first")
    .option("--workspace <workspace>", "workspace name or id", "default")
    .option("-q, --query <text>", "search names, e-mail and phone")
    .option("--limit <n>", "at most this many (max 200)", "50")
    .option("--json", "print JSON")
    .action(async (options: { workspace: string; query?: string; limit: string; json?: boolean }) =>
      cli.withUseCases(async (useCases) => {
        const id = await cli.workspaceId(useCases, options.workspace);
        const page = cli.orFail(await useCases.listCustomers.execute(id, { q: options.query, limit: options.limit }));
        const items = page.items.map(toCustomerView);
        if (options.json) return cli.out(json({ items, nextCursor: page.nextCursor }));
        if (items.length === 0) return cli.out("No customers.\n");
        for (const item of items) cli.out(`${customerLine(item)}\n`);
      }),
    );

  customers
    .command("show")
    .description("show a customer with its inquiries, tickets and orders")
    .argument("<id>", "customer id")
    .option("--workspace <workspace>", "workspace name or id", "default")
    .option("--json", "print JSON")
    .action(async (customerId: string, options: { workspace: string; json?: boolean }) =>
      cli.withUseCases(async (useCases) => {
        const id = await cli.workspaceId(useCases, options.workspace);
        const record = toCustomerRecordView(cli.orFail(await useCases.getCustomer.execute(id, customerId)));
        if (options.json) return cli.out(json(record));
        cli.out(`${customerLine(record)}\n`);
        for (const inquiry of record.inquiries) cli.out(`  inquiry ${inquiry.id}  ${inquiry.status}  ${inquiry.title}\n`);
        for (const ticket of record.tickets) cli.out(`  ticket  ${ticket.id}  ${ticket.status}  ${ticket.subject}\n`);
        for (const order of record.orders) cli.out(`  order   ${order.id}  ${order.status}  ${order.subject ?? ""}\n`);
      }),
    );

  const edit = customers
    .command("edit")
    .description("change a customer's details; an empty value (--phone '') clears a field")
    .argument("<id>", "customer id")
    .option("--workspace <workspace>", "workspace name or id", "default");
  for (const [flag, , help] of EDIT_FLAGS) edit.option(flag, help);
  for (const [flag, field] of ADDRESS_FLAGS) edit.option(flag, `address: ${field}`);
  edit.option("--json", "print JSON").action(async (customerId: string, options: Record<string, string | boolean | undefined>) => {
    const change = editOf(options);
    if (Object.keys(change).length === 0) cli.fail("name at least one field to change, e.g. --email new@example.org", EXIT.usage);
    return cli.withUseCases(async (useCases) => {
      const id = await cli.workspaceId(useCases, String(options.workspace));
      const result = await useCases.updateCustomer.execute(id, customerId, change);
      const customer = toCustomerView(cli.orFail(result.ok ? result : { ok: false, error: withFlags(result.error) }));
      if (options.json) return cli.out(json(customer));
      cli.out(`Updated customer ${customerLine(customer)}\n`);
    });
  });

  customers
    .command("delete")
    .description("delete a customer nothing refers to (see 'customers erase' to remove a person everywhere)")
    .argument("<id>", "customer id")
    .option("--workspace <workspace>", "workspace name or id", "default")
    .action(async (customerId: string, options: { workspace: string }) =>
      cli.withUseCases(async (useCases) => {
        const id = await cli.workspaceId(useCases, options.workspace);
        cli.orFail(await useCases.deleteCustomer.execute(id, customerId));
        cli.out(`Deleted customer ${customerId}.\n`);
      }),
    );

  customers
    .command("duplicates")
    .description("list customers that look like the same person, with the reasons")
    .option("--workspace <workspace>", "workspace name or id", "default")
    .option("--json", "print JSON")
    .action(async (options: { workspace: string; json?: boolean }) =>
      cli.withUseCases(async (useCases) => {
        const id = await cli.workspaceId(useCases, options.workspace);
        const groups = toDuplicateListView(cli.orFail(await useCases.findDuplicateCustomers.execute(id))).items;
        if (options.json) return cli.out(json({ items: groups }));
        if (groups.length === 0) return cli.out("No likely duplicates.\n");
        for (const group of groups) {
          cli.out(`${group.reasons.join(", ")}:\n`);
          for (const customer of group.customers) cli.out(`  ${customerLine(customer)}\n`);
          const [keep, ...rest] = group.customers.map((c) => c.id);
          cli.out(`  merge with: leadport customers merge ${keep} ${rest.join(" ")}\n`);
        }
      }),
    );

  customers
    .command("merge")
    .description("merge customers into the one kept: their inquiries, tickets and orders move, empty fields are filled")
    .argument("<keep>", "id of the customer to keep")
    .argument("<from...>", "ids of the customers to merge into it")
    .option("--workspace <workspace>", "workspace name or id", "default")
    .option("--json", "print JSON")
    .action(async (keep: string, from: string[], options: { workspace: string; json?: boolean }) =>
      cli.withUseCases(async (useCases) => {
        const id = await cli.workspaceId(useCases, options.workspace);
        const record = toCustomerRecordView(cli.orFail(await useCases.mergeCustomers.execute(id, keep, { from })));
        if (options.json) return cli.out(json(record));
        cli.out(`Merged into ${customerLine(record)}\n`);
        cli.out(`  now ${record.inquiries.length} inquiries, ${record.tickets.length} tickets, ${record.orders.length} orders\n`);
      }),
    );

  customers
    .command("export")
    .description("everything held about a person (GDPR Art. 15/20) as one JSON document")
    .argument("<id>", "customer id")
    .option("--workspace <workspace>", "workspace name or id", "default")
    .option("--out <file>", "write to this file instead of stdout")
    .option("--with-files", "write a zip with export.json and the attachments' files (needs --out)")
    .action(async (customerId: string, options: { workspace: string; out?: string; withFiles?: boolean }) => {
      if (options.withFiles && !options.out) cli.fail("--with-files writes a zip: name it with --out FILE", EXIT.usage);
      return cli.withUseCases(async (useCases) => {
        const id = await cli.workspaceId(useCases, options.workspace);
        const exported = cli.orFail(await useCases.exportCustomerData.execute(id, customerId));
        const document = toPersonalDataExport(exported.data, exported.exportedAt);
        if (!options.out) return cli.out(json(document));
        if (options.withFiles) {
          const open = async (inquiryId: string, attachmentId: string) => {
            const opened = await useCases.openAttachment.execute(id, inquiryId, attachmentId);
            return opened.ok ? opened.value.content : null;
          };
          const zipped = await writePersonalDataZip(document, open, options.out);
          return cli.out(`Wrote ${options.out}: export.json and ${zipped.files} of ${document.attachments.length} attachment files.\n`);
        }
        await writeFile(options.out, json(document), { mode: 0o600 });
        cli.out(`Wrote ${options.out}.\n`);
      });
    });

  customers
    .command("erase")
    .description("erase a person everywhere (GDPR Art. 17): customer, inquiries, files, tickets, orders, notifications, mails, events")
    .argument("<id>", "customer id")
    .option("--workspace <workspace>", "workspace name or id", "default")
    .option("--json", "print JSON")
    .action(async (customerId: string, options: { workspace: string; json?: boolean }) =>
      cli.withUseCases(async (useCases) => {
        const id = await cli.workspaceId(useCases, options.workspace);
        const report = cli.orFail(await useCases.eraseCustomer.execute(id, customerId));
        if (options.json) return cli.out(json(report));
        cli.out(
          `Erased customer ${customerId}: ${report.inquiries} inquiries, ${report.attachments} attachments, ${report.tickets} tickets, ` +
            `${report.orders} orders, ${report.notifications} notifications, ${report.mails} stored mails, ${report.outboxEvents} outbox events.\n`,
        );
        for (const [section, counts] of Object.entries(report.sections)) {
          const counted = Object.entries(counts).filter(([, count]) => count > 0);
          if (counted.length > 0) cli.out(`  ${section}: ${counted.map(([kind, count]) => `${count} ${kind}`).join(", ")}\n`);
        }
      }),
    );

  return customers;
}

function editOf(options: Record<string, string | boolean | undefined>): UpdateCustomerInput {
  const value = (flag: string): string | null | undefined => {
    const given = options[optionKey(flag)];
    if (typeof given !== "string") return undefined;
    return given.trim() === "" ? null : given;
  };
  const change: Record<string, unknown> = {};
  for (const [flag, field] of EDIT_FLAGS) {
    const given = value(flag);
    if (given !== undefined) change[field] = given;
  }
  const address: Record<string, string | null> = {};
  for (const [flag, field] of ADDRESS_FLAGS) {
    const given = value(flag);
    if (given !== undefined) address[field] = given;
  }
  if (Object.keys(address).length > 0) change.address = address;
  return change as UpdateCustomerInput;
}
