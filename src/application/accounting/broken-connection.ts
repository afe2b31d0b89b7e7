import { markWaiting, type AccountingConnection, type AccountingSync } from "../../domain/accounting/accounting-sync.js";
import { notificationMessageId } from "../../domain/notifications/notification.js";
import { escapeHtml } from "../../domain/shared/html.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { WorkspaceTransaction } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import type { NotificationSettings } from "../notifications/notify-staff.js";
import { ACCOUNTING } from "./accounting-store.js";

const PROVIDER_NAMES: Readonly<Record<AccountingConnection["provider"], string>> = { lexoffice: "Lexware Office", file: "Dateiablage" };

/**
 * The accounting system refused the token: the connection is marked broken, the draft waits
 * (kept as pending, not retried), and the workspace's staff are told by e-mail once — on the
 * change from connected to broken, not on every draft that finds it broken.
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
