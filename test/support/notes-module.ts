import Router from "@koa/router";
import { featureStore } from "../../src/application/ports/feature-store.js";
import type { UnitOfWork } from "../../src/application/ports/unit-of-work.js";
import { TOKENS } from "../../src/application/tokens.js";
import type { OutboxHandler } from "../../src/application/outbox/outbox-handler.js";
import { err, ok } from "../../src/domain/shared/result.js";
import { workspaceOf, type LeadportState } from "../../src/adapters/http/context.js";
import { requireSecretKey } from "../../src/adapters/http/middleware.js";
import { sqliteWorkspaceStore, sqliteSystemStore } from "../../src/adapters/sqlite/feature-storage.js";
import { memoryFeatureStorage, memorySystemStore, memoryWorkspaceStore } from "../../src/adapters/memory/feature-storage.js";
import { defineModule } from "../../src/hosts/modules/feature-module.js";

/**
 * A whole feature in one file, small enough to read: notes on a workspace, kept by both storage
 * adapters, written by a use case with an outbox event, served over HTTP, the CLI and the library,
 * and consumed by an outbox handler. The module tests wire it beside the real ones.
 */
export interface Note {
  readonly id: string;
  readonly workspaceId: string;
  readonly text: string;
}

export interface NoteRepository {
  insert(note: Note): Promise<void>;
  list(): Promise<Note[]>;
}

export interface NoteCounter {
  countAll(): Promise<number>;
}

export const NOTES = featureStore<NoteRepository>("notes");
export const NOTES_SYSTEM = featureStore<NoteCounter>("notes.system");

interface NoteState {
  notes: Note[];
}

export class AddNote {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(workspaceId: string, text: string) {
    return this.unitOfWork.run(workspaceId, async (tx) => {
      await tx.use(NOTES).insert({ id: `note-${text}`, workspaceId, text });
      await tx.outbox.add({ id: `event-${text}`, workspaceId, type: "CustomerCreated", aggregateId: `note-${text}`, occurredAt: new Date(0).toISOString(), payload: { note: text } });
      // A failed use case writes nothing: its note is rolled back with the rest.
      return text.startsWith("bad") ? err({ code: "validation_failed" as const, message: "bad note" }) : ok(text);
    });
  }
}

export const handledNotes: string[] = [];

const noteHandler: OutboxHandler = {
  name: "notes.echo",
  eventTypes: ["CustomerCreated"],
  handle: async (message) => {
    const note = (message.payload as { note?: string }).note;
    if (note) handledNotes.push(note);
  },
};

export const notesModule = defineModule({
  name: "notes",
  storage: {
    sqlite: {
      feature: "notes",
      migrations: [{ version: 1, name: "notes", sql: "CREATE TABLE notes (id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, text TEXT NOT NULL)" }],
      workspaceStores: [
        sqliteWorkspaceStore(NOTES, (db, workspaceId) => ({
          insert: async (note) => void db.statement("INSERT INTO notes (id, workspace_id, text) VALUES (?, ?, ?)").run(note.id, workspaceId, note.text),
          list: async () =>
            (db.statement("SELECT id, text FROM notes WHERE workspace_id = ? ORDER BY id").all(workspaceId) as Array<{ id: string; text: string }>).map((row) => ({ ...row, workspaceId })),
        })),
      ],
      systemStores: [sqliteSystemStore(NOTES_SYSTEM, (db) => ({ countAll: async () => (db.statement("SELECT COUNT(*) AS n FROM notes").get() as { n: number }).n }))],
    },
    memory: memoryFeatureStorage<NoteState>({
      feature: "notes",
      initialState: () => ({ notes: [] }),
      workspaceStores: [
        memoryWorkspaceStore<NoteState, NoteRepository>(NOTES, (state, workspaceId) => ({
          insert: async (note) => void state().notes.push({ ...note, workspaceId }),
          list: async () => state().notes.filter((note) => note.workspaceId === workspaceId).sort((a, b) => a.id.localeCompare(b.id)),
        })),
      ],
      systemStores: [memorySystemStore<NoteState, NoteCounter>(NOTES_SYSTEM, (state) => ({ countAll: async () => state().notes.length }))],
    }),
  },
  register: (container) => {
    container.register(AddNote, { useFactory: (c) => new AddNote(c.resolve<UnitOfWork>(TOKENS.UnitOfWork)) });
  },
  outboxHandlers: () => [noteHandler],
  http: ({ container, useCases }) => {
    const router = new Router<LeadportState>({ prefix: "/api/v1" });
    router.post("/notes/:text", requireSecretKey(useCases.authenticate), async (ctx) => {
      const added = await container.resolve(AddNote).execute(workspaceOf(ctx.state), ctx.params.text!);
      ctx.status = added.ok ? 201 : 400;
      ctx.body = { added: added.ok };
    });
    return {
      routers: [router],
      docs: [{ method: "post", path: "/api/v1/notes/:text", summary: "Add a note", tags: ["Notes"], auth: "secret-key", responses: { 201: { description: "added" } } }],
    };
  },
  cli: (program, cli) => {
    program
      .command("notes")
      .argument("<text>")
      .option("--workspace <workspace>", "workspace", "default")
      .action(async (text: string, options: { workspace: string }) =>
        cli.withUseCases(async (useCases, container) => {
          const added = cli.orFail(await container.resolve(AddNote).execute(await cli.workspaceId(useCases, options.workspace), text));
          cli.out(`added ${added}\n`);
        }),
      );
  },
  library: ({ container, workspaceId }) => ({
    notes: { add: (text: string) => container.resolve(AddNote).execute(workspaceId, text) },
  }),
});

