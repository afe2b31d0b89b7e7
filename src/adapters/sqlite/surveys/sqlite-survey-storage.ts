import type { SqliteFeatureStorage } from "../feature-storage.js";
import { sqliteSystemStore, sqliteWorkspaceStore } from "../feature-storage.js";
import type { SqliteDatabase } from "../sqlite-database.js";
import { dueAtOf, SURVEYS, SURVEYS_SYSTEM, type InvitationRef, type SurveyRepositories } from "../../../application/surveys/survey-store.js";
import { participantKey, type Dispatch, type Invitation } from "../../../domain/survey/invitation.js";
import type { ParticipantList } from "../../../domain/survey/participant-list.js";
import type { SurveyResponse } from "../../../domain/survey/response.js";
import type { Survey } from "../../../domain/survey/survey.js";
import type { SurveyTrigger } from "../../../domain/survey/trigger.js";

/*
 * Records are stored whole as JSON beside the columns that queries filter and sort by: the
 * feature reads them only through these keys, and a new field needs no migration.
 */
const MIGRATIONS = [
  {
    version: 1,
    name: "surveys",
    sql: `
CREATE TABLE surveys (id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, created_at TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX surveys_workspace ON surveys (workspace_id, created_at);
CREATE TABLE survey_dispatches (id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, survey_id TEXT NOT NULL, trigger_id TEXT, event_id TEXT, created_at TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX survey_dispatches_survey ON survey_dispatches (workspace_id, survey_id, created_at);
CREATE UNIQUE INDEX survey_dispatches_trigger_event ON survey_dispatches (workspace_id, trigger_id, event_id) WHERE trigger_id IS NOT NULL;
CREATE TABLE survey_invitations (
  id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, survey_id TEXT NOT NULL, dispatch_id TEXT NOT NULL,
  token TEXT NOT NULL UNIQUE, participant_key TEXT NOT NULL, customer_id TEXT, due_at TEXT, seq INTEGER NOT NULL, data TEXT NOT NULL
);
CREATE INDEX survey_invitations_dispatch ON survey_invitations (workspace_id, dispatch_id, seq);
CREATE INDEX survey_invitations_survey ON survey_invitations (workspace_id, survey_id);
CREATE INDEX survey_invitations_participant ON survey_invitations (workspace_id, participant_key);
CREATE INDEX survey_invitations_customer ON survey_invitations (workspace_id, customer_id);
CREATE INDEX survey_invitations_due ON survey_invitations (due_at) WHERE due_at IS NOT NULL;
CREATE TABLE survey_responses (
  id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, survey_id TEXT NOT NULL, invitation_id TEXT NOT NULL UNIQUE,
  customer_id TEXT, submitted_at TEXT NOT NULL, data TEXT NOT NULL
);
CREATE INDEX survey_responses_survey ON survey_responses (workspace_id, survey_id, submitted_at);
CREATE INDEX survey_responses_customer ON survey_responses (workspace_id, customer_id, submitted_at);
CREATE TABLE survey_triggers (id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, event TEXT NOT NULL, survey_id TEXT NOT NULL, created_at TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX survey_triggers_event ON survey_triggers (workspace_id, event);
CREATE TABLE survey_participant_lists (workspace_id TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (workspace_id, id));
`,
  },
] as const;

type DataRow = { data: string };
const parse = <T>(row: unknown): T => JSON.parse((row as DataRow).data) as T;
const parseAll = <T>(rows: unknown[]): T[] => rows.map((row) => parse<T>(row));
const maybe = <T>(row: unknown): T | null => (row ? parse<T>(row) : null);

function repositories(db: SqliteDatabase, workspaceId: string): SurveyRepositories {
  const run = (sql: string, ...params: unknown[]) => db.statement(sql).run(...params);
  const all = (sql: string, ...params: unknown[]) => db.statement(sql).all(...params);
  const get = (sql: string, ...params: unknown[]) => db.statement(sql).get(...params);
  let invitationSeq: number | null = null;
  const nextSeq = () => {
    // Admission order within a dispatch; ids are time-ordered but tests and imports may pick their own.
    invitationSeq ??= (get("SELECT COALESCE(MAX(seq), 0) AS n FROM survey_invitations") as { n: number }).n;
    return ++invitationSeq;
  };
  const invitationColumns = (invitation: Invitation) => [
    invitation.participant.customerId,
    participantKey(invitation.participant.email),
    dueAtOf(invitation),
    JSON.stringify(invitation),
  ];
  return {
    surveys: {
      findById: async (id) => maybe<Survey>(get("SELECT data FROM surveys WHERE workspace_id = ? AND id = ?", workspaceId, id)),
      list: async () => parseAll<Survey>(all("SELECT data FROM surveys WHERE workspace_id = ? ORDER BY created_at, id", workspaceId)),
      insert: async (survey) => void run("INSERT INTO surveys (id, workspace_id, created_at, data) VALUES (?, ?, ?, ?)", survey.id, workspaceId, survey.createdAt, JSON.stringify(survey)),
      update: async (survey) => void run("UPDATE surveys SET data = ? WHERE workspace_id = ? AND id = ?", JSON.stringify(survey), workspaceId, survey.id),
      delete: async (id) => {
        for (const table of ["survey_responses", "survey_invitations", "survey_dispatches", "survey_triggers"]) {
          run(`DELETE FROM ${table} WHERE workspace_id = ? AND survey_id = ?`, workspaceId, id);
        }
        run("DELETE FROM surveys WHERE workspace_id = ? AND id = ?", workspaceId, id);
      },
    },
    dispatches: {
      findById: async (id) => maybe<Dispatch>(get("SELECT data FROM survey_dispatches WHERE workspace_id = ? AND id = ?", workspaceId, id)),
      listBySurvey: async (surveyId) =>
        parseAll<Dispatch>(all("SELECT data FROM survey_dispatches WHERE workspace_id = ? AND survey_id = ? ORDER BY created_at DESC, id DESC", workspaceId, surveyId)),
      findByTriggerEvent: async (triggerId, eventId) =>
        maybe<Dispatch>(get("SELECT data FROM survey_dispatches WHERE workspace_id = ? AND trigger_id = ? AND event_id = ?", workspaceId, triggerId, eventId)),
      insert: async (dispatch) => {
        const trigger = dispatch.source.kind === "trigger" ? dispatch.source : null;
        run(
          "INSERT INTO survey_dispatches (id, workspace_id, survey_id, trigger_id, event_id, created_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
          dispatch.id,
          workspaceId,
          dispatch.surveyId,
          trigger?.triggerId ?? null,
          trigger?.eventId ?? null,
          dispatch.createdAt,
          JSON.stringify(dispatch),
        );
      },
      update: async (dispatch) => void run("UPDATE survey_dispatches SET data = ? WHERE workspace_id = ? AND id = ?", JSON.stringify(dispatch), workspaceId, dispatch.id),
    },
    invitations: {
      findById: async (id) => maybe<Invitation>(get("SELECT data FROM survey_invitations WHERE workspace_id = ? AND id = ?", workspaceId, id)),
      listByDispatch: async (dispatchId) =>
        parseAll<Invitation>(all("SELECT data FROM survey_invitations WHERE workspace_id = ? AND dispatch_id = ? ORDER BY seq", workspaceId, dispatchId)),
      listBySurvey: async (surveyId) => parseAll<Invitation>(all("SELECT data FROM survey_invitations WHERE workspace_id = ? AND survey_id = ? ORDER BY seq", workspaceId, surveyId)),
      listByCustomer: async (customerId) =>
        parseAll<Invitation>(all("SELECT data FROM survey_invitations WHERE workspace_id = ? AND customer_id = ? ORDER BY seq", workspaceId, customerId)),
      listByParticipant: async (key) => parseAll<Invitation>(all("SELECT data FROM survey_invitations WHERE workspace_id = ? AND participant_key = ? ORDER BY seq", workspaceId, key)),
      insert: async (invitation) =>
        void run(
          "INSERT INTO survey_invitations (id, workspace_id, survey_id, dispatch_id, token, seq, customer_id, participant_key, due_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          invitation.id,
          workspaceId,
          invitation.surveyId,
          invitation.dispatchId,
          invitation.token,
          nextSeq(),
          ...invitationColumns(invitation),
        ),
      update: async (invitation) =>
        void run(
          "UPDATE survey_invitations SET customer_id = ?, participant_key = ?, due_at = ?, data = ? WHERE workspace_id = ? AND id = ?",
          ...invitationColumns(invitation),
          workspaceId,
          invitation.id,
        ),
      deleteByCustomer: async (customerId) => run("DELETE FROM survey_invitations WHERE workspace_id = ? AND customer_id = ?", workspaceId, customerId).changes,
      // The admission time is kept only in the JSON: a daily run reads the workspace's invitations once.
      listCreatedBefore: async (cutoff) =>
        parseAll<Invitation>(
          all("SELECT data FROM survey_invitations WHERE workspace_id = ? AND json_extract(data, '$.createdAt') < ? ORDER BY json_extract(data, '$.createdAt'), seq", workspaceId, cutoff),
        ),
      deleteByIds: async (ids) =>
        ids.length === 0 ? 0 : run("DELETE FROM survey_invitations WHERE workspace_id = ? AND id IN (SELECT value FROM json_each(?))", workspaceId, JSON.stringify(ids)).changes,
    },
    responses: {
      findByInvitation: async (invitationId) => maybe<SurveyResponse>(get("SELECT data FROM survey_responses WHERE workspace_id = ? AND invitation_id = ?", workspaceId, invitationId)),
      listBySurvey: async (surveyId) =>
        parseAll<SurveyResponse>(all("SELECT data FROM survey_responses WHERE workspace_id = ? AND survey_id = ? ORDER BY submitted_at, id", workspaceId, surveyId)),
      listByCustomer: async (customerId) =>
        parseAll<SurveyResponse>(all("SELECT data FROM survey_responses WHERE workspace_id = ? AND customer_id = ? ORDER BY submitted_at DESC, id DESC", workspaceId, customerId)),
      // The first answer's id stays, everything else is replaced.
      save: async (response) =>
        void run(
          `INSERT INTO survey_responses (id, workspace_id, survey_id, invitation_id, customer_id, submitted_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (invitation_id) DO UPDATE SET customer_id = excluded.customer_id, submitted_at = excluded.submitted_at,
             data = json_set(excluded.data, '$.id', survey_responses.id)`,
          response.id,
          workspaceId,
          response.surveyId,
          response.invitationId,
          response.customerId,
          response.submittedAt,
          JSON.stringify(response),
        ),
      deleteByCustomer: async (customerId) => run("DELETE FROM survey_responses WHERE workspace_id = ? AND customer_id = ?", workspaceId, customerId).changes,
      listSubmittedBefore: async (cutoff) =>
        parseAll<SurveyResponse>(all("SELECT data FROM survey_responses WHERE workspace_id = ? AND submitted_at < ? ORDER BY submitted_at, id", workspaceId, cutoff)),
      deleteByIds: async (ids) =>
        ids.length === 0 ? 0 : run("DELETE FROM survey_responses WHERE workspace_id = ? AND id IN (SELECT value FROM json_each(?))", workspaceId, JSON.stringify(ids)).changes,
    },
    triggers: {
      findById: async (id) => maybe<SurveyTrigger>(get("SELECT data FROM survey_triggers WHERE workspace_id = ? AND id = ?", workspaceId, id)),
      list: async () => parseAll<SurveyTrigger>(all("SELECT data FROM survey_triggers WHERE workspace_id = ? ORDER BY created_at, id", workspaceId)),
      listByEvent: async (event) => parseAll<SurveyTrigger>(all("SELECT data FROM survey_triggers WHERE workspace_id = ? AND event = ? ORDER BY created_at, id", workspaceId, event)),
      insert: async (trigger) =>
        void run(
          "INSERT INTO survey_triggers (id, workspace_id, event, survey_id, created_at, data) VALUES (?, ?, ?, ?, ?, ?)",
          trigger.id,
          workspaceId,
          trigger.event,
          trigger.surveyId,
          trigger.createdAt,
          JSON.stringify(trigger),
        ),
      delete: async (id) => void run("DELETE FROM survey_triggers WHERE workspace_id = ? AND id = ?", workspaceId, id),
    },
    lists: {
      findById: async (id) => maybe<ParticipantList>(get("SELECT data FROM survey_participant_lists WHERE workspace_id = ? AND id = ?", workspaceId, id)),
      save: async (list) =>
        void run(
          "INSERT INTO survey_participant_lists (workspace_id, id, data) VALUES (?, ?, ?) ON CONFLICT (workspace_id, id) DO UPDATE SET data = excluded.data",
          workspaceId,
          list.id,
          JSON.stringify(list),
        ),
      listByCustomer: async (customerId) =>
        parseAll<ParticipantList>(all("SELECT data FROM survey_participant_lists WHERE workspace_id = ? ORDER BY id", workspaceId)).filter((list) =>
          list.members.some((member) => member.customerId === customerId),
        ),
      removeCustomer: async (customerId) => {
        let removed = 0;
        for (const list of parseAll<ParticipantList>(all("SELECT data FROM survey_participant_lists WHERE workspace_id = ?", workspaceId))) {
          const members = list.members.filter((member) => member.customerId !== customerId);
          if (members.length === list.members.length) continue;
          removed += list.members.length - members.length;
          run("UPDATE survey_participant_lists SET data = ? WHERE workspace_id = ? AND id = ?", JSON.stringify({ ...list, members }), workspaceId, list.id);
        }
        return removed;
      },
    },
  };
}

export const sqliteSurveyStorage: SqliteFeatureStorage = {
  feature: "surveys",
  migrations: MIGRATIONS,
  workspaceStores: [sqliteWorkspaceStore(SURVEYS, repositories)],
  systemStores: [
    sqliteSystemStore(SURVEYS_SYSTEM, (db) => ({
      due: async (now, limit) =>
        (
          db.statement("SELECT workspace_id, id FROM survey_invitations WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at, seq LIMIT ?").all(now, limit) as Array<{
            workspace_id: string;
            id: string;
          }>
        ).map((row): InvitationRef => ({ workspaceId: row.workspace_id, invitationId: row.id })),
      findByToken: async (token) => {
        const row = db.statement("SELECT workspace_id, id FROM survey_invitations WHERE token = ?").get(token) as { workspace_id: string; id: string } | undefined;
        return row ? { workspaceId: row.workspace_id, invitationId: row.id } : null;
      },
    })),
  ],
};
