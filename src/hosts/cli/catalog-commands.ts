import type { Command } from "commander";
import { toCatalogEntryView } from "../../application/catalog/list-catalog.js";
import type { CatalogKind } from "../../domain/catalog/catalog.js";
import type { UseCases } from "../container.js";
import type { CliContext } from "./notification-commands.js";

/** A number as typed on a command line; anything else goes to the use case as is and is refused there by name. */
const numberOr = (text: string): number | string => (/^-?\d+([.,]\d+)?$/.test(text.trim()) ? Number(text.trim().replace(",", ".")) : text);

/** `statuses …` and `sources …`: the same verbs for both catalogs. */
export function registerCatalogCommands(program: Command, cli: CliContext): void {
  for (const [name, kind] of [["statuses", "status"], ["sources", "source"]] as const) {
    const group = program.command(name).description(`list and manage the workspace's ${name}`);
    const withWorkspace = (command: Command) => command.option("--workspace <workspace>", "workspace name or id", "default");
    const run = (work: (useCases: UseCases, workspaceId: string) => Promise<void>) => (options: { workspace: string }) =>
      cli.withUseCases(async (useCases) => work(useCases, await cli.workspaceId(useCases, options.workspace)));

    withWorkspace(group.command("list").description(`list the ${name} in order`).option("--json", "print JSON")).action(
      async (options: { workspace: string; json?: boolean }) =>
        run(async (useCases, workspaceId) => {
          const entries = cli.orFail(await useCases.listCatalog.execute(workspaceId, kind)).map((entry, index) => toCatalogEntryView(entry, index + 1));
          if (options.json) return cli.out(`${JSON.stringify(entries, null, 2)}\n`);
          for (const entry of entries) {
            const extra = kind === "source" ? `  weight ${entry.scoreWeight ?? "default (0.5)"}` : entry.isWon ? "  (won)" : entry.isLost ? "  (lost)" : "";
            cli.out(`${String(entry.position).padStart(3)}. ${entry.name}${extra}  ${entry.id}\n`);
          }
        })(options),
    );

    const change = (ref: string, options: { workspace: string }, input: Record<string, unknown>, done: string) =>
      run(async (useCases, workspaceId) => {
        const changed = cli.orFail(await useCases.changeCatalogEntry.execute(workspaceId, kind as CatalogKind, ref, input));
        cli.out(`${done.replace("%s", changed.entry.name)}${changed.inquiriesUpdated ? `; ${changed.inquiriesUpdated} inquiries updated` : ""}.\n`);
      })(options);

    withWorkspace(group.command("rename").description(`rename a ${kind}; its inquiries take the new name`).argument("<entry>", "id or name").argument("<name>", "new name")).action(
      async (ref: string, newName: string, options: { workspace: string }) => change(ref, options, { name: newName }, `Renamed ${kind} to "%s"`),
    );
    withWorkspace(group.command("move").description(`put a ${kind} at a place in the list`).argument("<entry>", "id or name").argument("<position>", "from 1")).action(
      async (ref: string, position: string, options: { workspace: string }) =>
        change(ref, options, { position: numberOr(position) }, `Moved ${kind} "%s" to position ${position}`),
    );
    if (kind === "source") {
      withWorkspace(
        group.command("set-weight").description("set a source's lead-score weight (0..1, or 'default') and rescore its inquiries").argument("<entry>", "id or name").argument("<weight>", "0..1 or default"),
      ).action(async (ref: string, weight: string, options: { workspace: string }) =>
        change(ref, options, { scoreWeight: weight === "default" ? null : numberOr(weight) }, `Source "%s" weighs ${weight}`),
      );
    }
    withWorkspace(group.command("merge").description(`move a ${kind}'s inquiries to another and remove it`).argument("<entry>", "id or name").argument("<into>", "id or name")).action(
      async (ref: string, into: string, options: { workspace: string }) =>
        run(async (useCases, workspaceId) => {
          const merged = cli.orFail(await useCases.mergeCatalogEntry.execute(workspaceId, kind, ref, { into }));
          cli.out(`Merged into "${merged.into.name}"; ${merged.inquiriesMoved} inquiries moved.\n`);
        })(options),
    );
    withWorkspace(
      group.command("delete").description(`delete a ${kind}; --move-to is needed when inquiries use it`).argument("<entry>", "id or name").option("--move-to <entry>", "where its inquiries go (id or name)"),
    ).action(async (ref: string, options: { workspace: string; moveTo?: string }) =>
      run(async (useCases, workspaceId) => {
        const deleted = cli.orFail(await useCases.deleteCatalogEntry.execute(workspaceId, kind, ref, { moveTo: options.moveTo }));
        cli.out(`Deleted ${kind} "${ref}"; ${deleted.inquiriesMoved} inquiries moved.\n`);
      })(options),
    );
  }
}
