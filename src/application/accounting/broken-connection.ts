import { markWaiting, type AccountingConnection, type AccountingSync } from "../../domain/accounting/accounting-sync.js";
import { notificationMessageId } from "../../domain/notifications/notification.js";
import { escapeHtml } from "../../domain/shared/html.js";
import type { Locale } from "../../domain/workspace/workspace.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { WorkspaceTransaction } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { staffNoticeRequested } from "../notifications/staff-notice.js";
import type { NotificationSettings } from "../notifications/notify-staff.js";
import { ACCOUNTING } from "./accounting-store.js";

const PROVIDER_NAMES: Readonly<Record<AccountingConnection["provider"], string>> = { lexoffice: "Lexware Office", file: "Dateiablage" };

function brokenNotice(locale: Locale, provider: string, providerId: string, reason: string): { title: string; summary: string } {
  return locale === "en"
    ? {
        title: `Accounting: connection to ${provider} broken`,
        summary:
          `${provider} refused the stored access token (${reason}). Quote drafts for won inquiries are kept and sent once the connection is renewed: ` +
          `leadport accounting connect ${providerId} --token NEW_TOKEN`,
      }
    : {
        title: `Buchhaltung: Verbindung zu ${provider} unterbrochen`,
        summary:
          `${provider} hat den hinterlegten Zugangsschlüssel abgelehnt (${reason}). Angebotsentwürfe für gewonnene Anfragen werden aufbewahrt und gesendet, sobald die Verbindung erneuert ist: ` +
          `leadport accounting connect ${providerId} --token NEUER_SCHLÜSSEL`,
      };
}

/**
 * The accounting system refused the token: the connection is marked broken, the draft waits
 * (kept as pending, not retried), and the workspace's staff are told once — in the app, and by
 * e-mail those who take it — on the change from connected to broken, not on every draft that finds
 * it broken.
 */
export async function breakConnection(
  tx: WorkspaceTransaction,
  services: { ids: IdGenerator; clock: Clock; settings: NotificationSettings },
  usedConnection: AccountingConnection,
  sync: AccountingSync,
  reason: string,
): Promise<AccountingSync> {
  const store = tx.use(ACCOUNTING);
  const now = services.clock.now();
  const waiting = markWaiting(sync, `Waiting for the accounting connection: ${reason}. Reconnect with \`leadport accounting connect\`.`, now);
  await store.saveSync(waiting);
  const current = await store.findConnection();
  // Reconnected meanwhile with another token, or already broken: nobody needs to hear it again.
  if (!current || current.state === "broken" || current.token !== usedConnection.token) return waiting;
  await store.saveConnection({ ...current, state: "broken", brokenReason: reason, brokenAt: now.toISOString(), updatedAt: now.toISOString() });
  const event = domainEvent(services.ids, services.clock, tx.workspaceId, "AccountingConnectionBroken", tx.workspaceId, {
    provider: current.provider,
    reason,
  });
  await tx.outbox.add(event);
  const provider = PROVIDER_NAMES[current.provider];
  const locale = (await tx.workspaces.findById(tx.workspaceId))?.locale ?? "de";
  await tx.outbox.add(
    staffNoticeRequested(services, tx.workspaceId, tx.workspaceId, "all_staff", {
      feature: "accounting",
      topic: "connection_broken",
      ...brokenNotice(locale, provider, current.provider, reason),
      link: "/api/v1/accounting",
      severity: "warning",
    }),
  );
  const subject = `Buchhaltung: Verbindung zu ${provider} unterbrochen`;
  for (const member of await tx.staff.list()) {
    if (!member.emailEnabled) continue;
    const text =
      `Hallo ${member.name},\n\n${provider} hat den hinterlegten Zugangsschlüssel abgelehnt (${reason}). ` +
      `Angebotsentwürfe für gewonnene Anfragen werden aufbewahrt und gesendet, sobald die Verbindung erneuert ist:\n\n` +
      `  leadport accounting connect ${current.provider} --token NEUER_SCHLÜSSEL\n\nLeadport`;
    await tx.outbox.add(
      domainEvent(services.ids, services.clock, tx.workspaceId, "StaffMailRequested", member.id, {
        messageId: notificationMessageId(event.id, member.id, services.settings.messageIdDomain),
        to: { name: member.name, address: member.email },
        subject,
        text,
        html: `<p>${escapeHtml(text).replace(/\n\n/g, "</p><p>").replace(/\n/g, "<br>")}</p>`,
      }),
    );
  }
  return waiting;
}
