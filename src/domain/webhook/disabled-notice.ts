import { escapeHtml } from "../shared/html.js";
import type { Locale } from "../workspace/workspace.js";

export interface DisabledNotice {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** The words of the notice, in the workspace's language: the mail and the in-app notice share them. */
function disabledTexts(locale: Locale, recipientName: string, url: string, reason: string) {
  return locale === "en"
    ? {
        subject: "Webhook switched off",
        greeting: `Hello ${recipientName},`,
        body: `the webhook to ${url} was switched off: ${reason}. Events are no longer sent to it.`,
        action: "Check the receiving system, then switch it on again (leadport webhooks enable, or PATCH /api/v1/webhooks/:id with active: true); what is still pending is sent then. Dead deliveries can be sent again with redeliver.",
      }
    : {
        subject: "Webhook abgeschaltet",
        greeting: `Hallo ${recipientName},`,
        body: `der Webhook an ${url} wurde abgeschaltet: ${reason}. Ereignisse werden nicht mehr dorthin gesendet.`,
        action: "Prüfen Sie das empfangende System und schalten Sie den Webhook dann wieder ein (leadport webhooks enable oder PATCH /api/v1/webhooks/:id mit active: true); Ausstehendes wird dann gesendet. Fehlgeschlagene Zustellungen lassen sich mit redeliver erneut senden.",
      };
}

/** The mail that tells staff a webhook was switched off, in the workspace's language. */
export function renderDisabledNotice(locale: Locale, recipientName: string, url: string, reason: string): DisabledNotice {
  const lines = disabledTexts(locale, recipientName, url, reason);
  const text = `${lines.greeting}\n\n${lines.body}\n\n${lines.action}\n`;
  const html = `<p>${escapeHtml(lines.greeting)}</p><p>${escapeHtml(lines.body)}</p><p>${escapeHtml(lines.action)}</p>`;
  return { subject: lines.subject, text, html };
}

/** The same news in the app: no greeting, the sentence and what to do. */
export function renderDisabledInAppNotice(locale: Locale, url: string, reason: string): { readonly title: string; readonly summary: string } {
  const lines = disabledTexts(locale, "", url, reason);
  return { title: lines.subject, summary: `${lines.body.charAt(0).toUpperCase()}${lines.body.slice(1)}\n${lines.action}` };
}
