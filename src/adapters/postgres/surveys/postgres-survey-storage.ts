import { dueAtOf, SURVEYS, SURVEYS_SYSTEM, type InvitationRef, type SurveyMailQueue, type SurveyRepositories } from "../../../application/surveys/survey-store.js";
import { participantKey, type Dispatch, type Invitation } from "../../../domain/survey/invitation.js";
import type { ParticipantList } from "../../../domain/survey/participant-list.js";
import type { SurveyResponse } from "../../../domain/survey/response.js";
import type { Survey } from "../../../domain/survey/survey.js";
import type { SurveyTrigger } from "../../../domain/survey/trigger.js";
import { postgresSystemStore, postgresWorkspaceStore, type PostgresFeatureStorage } from "../feature-storage.js";
import type { PostgresMigration } from "../migrations.js";
import type { Sql } from "../postgres-database.js";
import { rowLocks } from "../row-locks.js";

/*
 * The same tables as SQLite's surveys history in their current shape: records whole in `data`,
 * beside the columns queries filter and sort by. Like SQLite's, the tables carry no foreign keys
 * to the core: erasing a customer removes their invitations and answers by customer id first,
 * and nothing here may stop the core from deleting a row.
 *
 * Admission order (`seq`) comes from an identity column: instances inserting at once each draw
 * their own numbers, where SQLite counts on from MAX(seq) under its single writer.
 */
const MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: "surveys",
    sql: `
      CREATE TABLE surveys (
        id text COLLATE "C" PRIMARY KEY,
        workspace_id text COLLATE "C" NOT NULL,
        created_at text COLLATE "C" NOT NULL,
        data jsonb NOT NULL
      );
      CREATE INDEX surveys_workspace ON surveys (workspace_id, created_at, id);

      CREATE TABLE survey_dispatches (
        id text COLLATE "C" PRIMARY KEY,
        workspace_id text COLLATE "C" NOT NULL,
        survey_id text COLLATE "C" NOT NULL,
        trigger_id text COLLATE "C",
        event_id text COLLATE "C",
        created_at text COLLATE "C" NOT NULL,
        data jsonb NOT NULL
      );
      CREATE INDEX survey_dispatches_survey ON survey_dispatches (workspace_id, survey_id, created_at);
      -- A redelivered outbox event starts no second dispatch, also when two instances handle it.
      CREATE UNIQUE INDEX survey_dispatches_trigger_event ON survey_dispatches (workspace_id, trigger_id, event_id) WHERE trigger_id IS NOT NULL;

      CREATE TABLE survey_invitations (
        id text COLLATE "C" PRIMARY KEY,
        workspace_id text COLLATE "C" NOT NULL,
        survey_id text COLLATE "C" NOT NULL,
        dispatch_id text COLLATE "C" NOT NULL,
        token text COLLATE "C" NOT NULL UNIQUE,
        participant_key text COLLATE "C" NOT NULL,
        customer_id text COLLATE "C",
        due_at text COLLATE "C",
        seq bigint GENERATED ALWAYS AS IDENTITY,
        data jsonb NOT NULL
      );
      CREATE INDEX survey_invitations_dispatch ON survey_invitations (workspace_id, dispatch_id, seq);
      CREATE INDEX survey_invitations_survey ON survey_invitations (workspace_id, survey_id);
      CREATE INDEX survey_invitations_participant ON survey_invitations (workspace_id, participant_key);
      CREATE INDEX survey_invitations_customer ON survey_invitations (workspace_id, customer_id);
      CREATE INDEX survey_invitations_due ON survey_invitations (due_at, seq) WHERE due_at IS NOT NULL;

      CREATE TABLE survey_responses (
        id text COLLATE "C" PRIMARY KEY,
        workspace_id text COLLATE "C" NOT NULL,
        survey_id text COLLATE "C" NOT NULL,
        invitation_id text COLLATE "C" NOT NULL UNIQUE,
        customer_id text COLLATE "C",
        submitted_at text COLLATE "C" NOT NULL,
        data jsonb NOT NULL
      );
      CREATE INDEX survey_responses_survey ON survey_responses (workspace_id, survey_id, submitted_at);
      CREATE INDEX survey_responses_customer ON survey_responses (workspace_id, customer_id, submitted_at);

      CREATE TABLE survey_triggers (
        id text COLLATE "C" PRIMARY KEY,
        workspace_id text COLLATE "C" NOT NULL,
        event text COLLATE "C" NOT NULL,
        survey_id text COLLATE "C" NOT NULL,
        created_at text COLLATE "C" NOT NULL,
        data jsonb NOT NULL
      );
      CREATE INDEX survey_triggers_event ON survey_triggers (workspace_id, event);

      CREATE TABLE survey_participant_lists (
        workspace_id text COLLATE "C" NOT NULL,
        id text COLLATE "C" NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (workspace_id, id)
      );
    `,
  },
];

function repositories(sql: Sql, workspaceId: string): SurveyRepositories {
  const lockFor = rowLocks(sql);
  const invitationColumns = (invitation: Invitation) => [
    invitation.participant.customerId,
    participantKey(invitation.participant.email),
    dueAtOf(invitation),
    JSON.stringify(invitation),
  ];
  return {
    surveys: {
      findById: (id) => sql.record<Survey>("SELECT data FROM surveys WHERE workspace_id = $1 AND id = $2", [workspaceId, id]),
      list: () => sql.records<Survey>("SELECT data FROM surveys WHERE workspace_id = $1 ORDER BY created_at, id", [workspaceId]),
      insert: async (survey) => {
        await sql.exec("INSERT INTO surveys (id, workspace_id, created_at, data) VALUES ($1, $2, $3, $4)", [survey.id, workspaceId, survey.createdAt, JSON.stringify(survey)]);
      },
      update: async (survey) => {
        await sql.exec("UPDATE surveys SET data = $1 WHERE workspace_id = $2 AND id = $3", [JSON.stringify(survey), workspaceId, survey.id]);
      },
      delete: async (id) => {
        for (const table of ["survey_responses", "survey_invitations", "survey_dispatches", "survey_triggers"]) {
          await sql.exec(`DELETE FROM ${table} WHERE workspace_id = $1 AND survey_id = $2`, [workspaceId, id]);
        }
        await sql.exec("DELETE FROM surveys WHERE workspace_id = $1 AND id = $2", [workspaceId, id]);
      },
    },
    dispatches: {
      findById: (id) => sql.record<Dispatch>("SELECT data FROM survey_dispatches WHERE workspace_id = $1 AND id = $2", [workspaceId, id]),
      listBySurvey: (surveyId) =>
        sql.records<Dispatch>("SELECT data FROM survey_dispatches WHERE workspace_id = $1 AND survey_id = $2 ORDER BY created_at DESC, id DESC", [workspaceId, surveyId]),
      findByTriggerEvent: (triggerId, eventId) =>
        sql.record<Dispatch>("SELECT data FROM survey_dispatches WHERE workspace_id = $1 AND trigger_id = $2 AND event_id = $3", [workspaceId, triggerId, eventId]),
      // The outbox hands an event to one instance only. Should two still start the same trigger's
      // dispatch at once, the second insert breaks survey_dispatches_trigger_event; with that name
      // in retryOnConstraints its transaction runs again and findByTriggerEvent finds the first.
      insert: async (dispatch) => {
        const trigger = dispatch.source.kind === "trigger" ? dispatch.source : null;
        await sql.exec(
          "INSERT INTO survey_dispatches (id, workspace_id, survey_id, trigger_id, event_id, created_at, data) VALUES ($1, $2, $3, $4, $5, $6, $7)",
          [dispatch.id, workspaceId, dispatch.surveyId, trigger?.triggerId ?? null, trigger?.eventId ?? null, dispatch.createdAt, JSON.stringify(dispatch)],
        );
      },
      update: async (dispatch) => {
        await sql.exec("UPDATE survey_dispatches SET data = $1 WHERE workspace_id = $2 AND id = $3", [JSON.stringify(dispatch), workspaceId, dispatch.id]);
      },
    },
    invitations: {
      // A writing transaction locks the invitation it reads until it commits. The due list is read
      // outside any lock, so two instances' ticks may both pick the same invitation; the second
      // waits here, then reads the first one's committed state (already sent) and sends nothing.
      // The same lock keeps an answer and a reminder from overwriting each other's update.
      findById: async (id) => sql.record<Invitation>(`SELECT data FROM survey_invitations WHERE workspace_id = $1 AND id = $2 ${await lockFor()}`, [workspaceId, id]),
      listByDispatch: (dispatchId) =>
        sql.records<Invitation>("SELECT data FROM survey_invitations WHERE workspace_id = $1 AND dispatch_id = $2 ORDER BY seq", [workspaceId, dispatchId]),
      listBySurvey: (surveyId) => sql.records<Invitation>("SELECT data FROM survey_invitations WHERE workspace_id = $1 AND survey_id = $2 ORDER BY seq", [workspaceId, surveyId]),
      listByCustomer: (customerId) =>
        sql.records<Invitation>("SELECT data FROM survey_invitations WHERE workspace_id = $1 AND customer_id = $2 ORDER BY seq", [workspaceId, customerId]),
      listByParticipant: (key) => sql.records<Invitation>("SELECT data FROM survey_invitations WHERE workspace_id = $1 AND participant_key = $2 ORDER BY seq", [workspaceId, key]),
      insert: async (invitation) => {
        await sql.exec(
          `INSERT INTO survey_invitations (id, workspace_id, survey_id, dispatch_id, token, customer_id, participant_key, due_at, data)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [invitation.id, workspaceId, invitation.surveyId, invitation.dispatchId, invitation.token, ...invitationColumns(invitation)],
        );
      },
      update: async (invitation) => {
        await sql.exec("UPDATE survey_invitations SET customer_id = $1, participant_key = $2, due_at = $3, data = $4 WHERE workspace_id = $5 AND id = $6", [
          ...invitationColumns(invitation),
          workspaceId,
          invitation.id,
        ]);
      },
      deleteByCustomer: (customerId) => sql.exec("DELETE FROM survey_invitations WHERE workspace_id = $1 AND customer_id = $2", [workspaceId, customerId]),
      // The admission time is kept only in the JSON: a daily run reads the workspace's invitations once.
      listCreatedBefore: (cutoff) =>
        sql.records<Invitation>(
          `SELECT data FROM survey_invitations WHERE workspace_id = $1 AND (data->>'createdAt') COLLATE "C" < $2 ORDER BY (data->>'createdAt') COLLATE "C", seq`,
          [workspaceId, cutoff],
        ),
      deleteByIds: async (ids) =>
        ids.length === 0 ? 0 : sql.exec("DELETE FROM survey_invitations WHERE workspace_id = $1 AND id = ANY($2::text[])", [workspaceId, [...ids]]),
    },
    responses: {
      findByInvitation: (invitationId) => sql.record<SurveyResponse>("SELECT data FROM survey_responses WHERE workspace_id = $1 AND invitation_id = $2", [workspaceId, invitationId]),
      listBySurvey: (surveyId) =>
        sql.records<SurveyResponse>("SELECT data FROM survey_responses WHERE workspace_id = $1 AND survey_id = $2 ORDER BY submitted_at, id", [workspaceId, surveyId]),
      listByCustomer: (customerId) =>
        sql.records<SurveyResponse>("SELECT data FROM survey_responses WHERE workspace_id = $1 AND customer_id = $2 ORDER BY submitted_at DESC, id DESC", [workspaceId, customerId]),
      // The first answer's id stays, everything else is replaced. One statement, so two answers
      // to one invitation arriving at once on two instances end as one row, the later one's.
      save: async (response) => {
        await sql.exec(
          `INSERT INTO survey_responses (id, workspace_id, survey_id, invitation_id, customer_id, submitted_at, data) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (invitation_id) DO UPDATE SET customer_id = excluded.customer_id, submitted_at = excluded.submitted_at,
             data = jsonb_set(excluded.data, '{id}', to_jsonb(survey_responses.id))`,
          [response.id, workspaceId, response.surveyId, response.invitationId, response.customerId, response.submittedAt, JSON.stringify(response)],
        );
      },
      deleteByCustomer: (customerId) => sql.exec("DELETE FROM survey_responses WHERE workspace_id = $1 AND customer_id = $2", [workspaceId, customerId]),
      listSubmittedBefore: (cutoff) =>
        sql.records<SurveyResponse>("SELECT data FROM survey_responses WHERE workspace_id = $1 AND submitted_at < $2 ORDER BY submitted_at, id", [workspaceId, cutoff]),
      deleteByIds: async (ids) =>
        ids.length === 0 ? 0 : sql.exec("DELETE FROM survey_responses WHERE workspace_id = $1 AND id = ANY($2::text[])", [workspaceId, [...ids]]),
    },
    triggers: {
      findById: (id) => sql.record<SurveyTrigger>("SELECT data FROM survey_triggers WHERE workspace_id = $1 AND id = $2", [workspaceId, id]),
      list: () => sql.records<SurveyTrigger>("SELECT data FROM survey_triggers WHERE workspace_id = $1 ORDER BY created_at, id", [workspaceId]),
      listByEvent: (event) => sql.records<SurveyTrigger>("SELECT data FROM survey_triggers WHERE workspace_id = $1 AND event = $2 ORDER BY created_at, id", [workspaceId, event]),
      insert: async (trigger) => {
        await sql.exec("INSERT INTO survey_triggers (id, workspace_id, event, survey_id, created_at, data) VALUES ($1, $2, $3, $4, $5, $6)", [
          trigger.id,
          workspaceId,
          trigger.event,
          trigger.surveyId,
          trigger.createdAt,
          JSON.stringify(trigger),
        ]);
      },
      delete: async (id) => {
        await sql.exec("DELETE FROM survey_triggers WHERE workspace_id = $1 AND id = $2", [workspaceId, id]);
      },
    },
    lists: {
      findById: (id) => sql.record<ParticipantList>("SELECT data FROM survey_participant_lists WHERE workspace_id = $1 AND id = $2", [workspaceId, id]),
      save: async (list) => {
        await sql.exec(
          "INSERT INTO survey_participant_lists (workspace_id, id, data) VALUES ($1, $2, $3) ON CONFLICT (workspace_id, id) DO UPDATE SET data = excluded.data",
          [workspaceId, list.id, JSON.stringify(list)],
        );
      },
      listByCustomer: (customerId) =>
        sql.records<ParticipantList>(
          "SELECT data FROM survey_participant_lists WHERE workspace_id = $1 AND data->'members' @> jsonb_build_array(jsonb_build_object('customerId', $2::text)) ORDER BY id",
          [workspaceId, customerId],
        ),
      // Erasure writes, so the lists it rewrites are locked: a list saved meanwhile by another
      // instance is not overwritten with the member list read before.
      removeCustomer: async (customerId) => {
        const holding = await sql.records<ParticipantList>(
          `SELECT data FROM survey_participant_lists WHERE workspace_id = $1 AND data->'members' @> jsonb_build_array(jsonb_build_object('customerId', $2::text)) ${await lockFor()}`,
          [workspaceId, customerId],
        );
        let removed = 0;
        for (const list of holding) {
          const members = list.members.filter((member) => member.customerId !== customerId);
          removed += list.members.length - members.length;
          await sql.exec("UPDATE survey_participant_lists SET data = $1 WHERE workspace_id = $2 AND id = $3", [JSON.stringify({ ...list, members }), workspaceId, list.id]);
        }
        return removed;
      },
    },
  };
}

function mailQueue(sql: Sql): SurveyMailQueue {
  const ref = (row: { workspace_id: string; id: string }): InvitationRef => ({ workspaceId: row.workspace_id, invitationId: row.id });
  return {
    // Read without locks (the tick reads it in a read-only transaction); each invitation is then
    // handled in a transaction of its own that locks it (invitations.findById).
    due: async (now, limit) =>
      (
        await sql.rows<{ workspace_id: string; id: string }>(
          "SELECT workspace_id, id FROM survey_invitations WHERE due_at IS NOT NULL AND due_at <= $1 ORDER BY due_at, seq LIMIT $2",
          [now, limit],
        )
      ).map(ref),
    findByToken: async (token) => {
      const row = await sql.one<{ workspace_id: string; id: string }>("SELECT workspace_id, id FROM survey_invitations WHERE token = $1", [token]);
      return row ? ref(row) : null;
    },
  };
}

/** The constraint whose violation means another instance started the same dispatch first (PostgresOptions.retryOnConstraints). */
export const SURVEY_RETRY_CONSTRAINTS = ["survey_dispatches_trigger_event"] as const;

export const postgresSurveyStorage: PostgresFeatureStorage = {
  feature: "surveys",
  migrations: MIGRATIONS,
  workspaceStores: [postgresWorkspaceStore(SURVEYS, repositories)],
  systemStores: [postgresSystemStore(SURVEYS_SYSTEM, mailQueue)],
  retryOnConstraints: SURVEY_RETRY_CONSTRAINTS,
};
