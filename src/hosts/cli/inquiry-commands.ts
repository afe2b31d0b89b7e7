import type { Command } from "commander";
import { toInquiryView, type InquiryView } from "../../application/inquiries/inquiry-view.js";
import type { CliContext } from "./notification-commands.js";

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

const heldLine = (inquiry: InquiryView) =>
  `${inquiry.id}  ${inquiry.createdAt}  ${inquiry.contact.email ?? "-"}  ${inquiry.title}  (${inquiry.holdReasons.join(", ")})`;

/** `inquiries held|release`: the contact form's suspected spam, reviewed from the command line. */
export function registerInquiryCommands(program: Command, cli: CliContext): Command {
  const inquiries = program.command("inquiries").description("review inquiries held as suspected spam");

  inquiries
    .command("held")
    .description("list inquiries held for review, newest first, with the reasons")
    .option("--workspace <workspace>", "workspace name or id", "default")
    .option("--limit <n>", "at most this many (max 200)", "50")
    .option("--json", "print JSON")
    .action(async (options: { workspace: string; limit: string; json?: boolean }) =>
      cli.withUseCases(async (useCases) => {
        const id = await cli.workspaceId(useCases, options.workspace);
        const page = cli.orFail(await useCases.listInquiries.execute(id, { held: "true", limit: options.limit }));
        const items = page.items.map(toInquiryView);
        if (options.json) return cli.out(json({ items, nextCursor: page.nextCursor, total: page.total }));
        if (items.length === 0) return cli.out("No inquiries held for review.\n");
        for (const item of items) cli.out(`${heldLine(item)}\n`);
      }),
    );

  inquiries
    .command("release")
    .description("release a held inquiry: it is scored, listed normally and staff are notified")
    .argument("<id>", "inquiry id")
    .option("--workspace <workspace>", "workspace name or id", "default")
    .action(async (inquiryId: string, options: { workspace: string }) =>
      cli.withUseCases(async (useCases) => {
        const id = await cli.workspaceId(useCases, options.workspace);
        const released = cli.orFail(await useCases.releaseInquiry.execute(id, inquiryId, "cli"));
        cli.out(`Released ${released.id} (score ${released.leadScore}); staff are notified.\n`);
      }),
    );

  return inquiries;
}
