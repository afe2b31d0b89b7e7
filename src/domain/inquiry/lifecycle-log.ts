import type { Locale } from "../shared/locale.js";
import type { Inquiry } from "./inquiry.js";

const WORDS: Readonly<Record<Locale, { readonly status: string; readonly assignee: string; readonly nobody: string }>> = {
  de: { status: "Status", assignee: "Zuständig", nobody: "niemand" },
  en: { status: "Status", assignee: "Assignee", nobody: "nobody" },
};

/**
 * The logbook lines for the lifecycle changes between two versions of an inquiry: its status and
 * who is in charge. Staff read the logbook to learn who moved a lead, so each change is one line.
 */
export function lifecycleLogTexts(before: Inquiry, after: Inquiry, locale: Locale): string[] {
  const words = WORDS[locale];
  const texts: string[] = [];
  if (before.status !== after.status) texts.push(`${words.status}: ${before.status} → ${after.status}`);
  if (before.assignee !== after.assignee) {
    texts.push(`${words.assignee}: ${before.assignee ?? words.nobody} → ${after.assignee ?? words.nobody}`);
  }
  return texts;
}
