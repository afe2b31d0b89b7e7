/** Why a contact-form submission is held for review instead of reaching staff. */
export type HoldReason = "honeypot" | "too_fast" | "pattern";

export interface SpamRules {
  /** Submissions sent sooner than this after the form was loaded are held; 0 switches the check off. */
  readonly minFillSeconds: number;
  /** Case-insensitive regular expressions; a match anywhere in the submitted text holds it. */
  readonly patterns: readonly RegExp[];
}

export const NO_SPAM_RULES: SpamRules = { minFillSeconds: 0, patterns: [] };

export interface SubmissionSigns {
  readonly honeypotFilled: boolean;
  /** When the page says the form was loaded (epoch ms); null when it did not say (no JavaScript). */
  readonly loadedAtMs: number | null;
  readonly submittedAtMs: number;
  /** Every text the visitor wrote. */
  readonly texts: readonly string[];
}

/** The reasons to hold a submission, in a fixed order; empty when it looks like a person wrote it. */
export function holdReasonsOf(signs: SubmissionSigns, rules: SpamRules): HoldReason[] {
  const reasons: HoldReason[] = [];
  if (signs.honeypotFilled) reasons.push("honeypot");
  if (rules.minFillSeconds > 0 && signs.loadedAtMs !== null && signs.submittedAtMs - signs.loadedAtMs < rules.minFillSeconds * 1000) {
    reasons.push("too_fast");
  }
  if (rules.patterns.some((pattern) => signs.texts.some((text) => pattern.test(text)))) reasons.push("pattern");
  return reasons;
}

/**
 * A configured pattern: `/expr/` is a regular expression, anything else a plain substring;
 * both case-insensitive. Throws a SyntaxError naming the pattern when the expression is invalid.
 */
export function spamPattern(text: string): RegExp {
  const regex = /^\/(.+)\/$/.exec(text);
  if (regex) return new RegExp(regex[1] as string, "i");
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i");
}
