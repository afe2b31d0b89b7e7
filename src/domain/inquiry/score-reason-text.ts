import { formatEuros } from "../shared/money.js";
import type { Locale } from "../shared/locale.js";
import type { Urgency } from "./inquiry.js";
import type { ScoreFacts, ScoreFinding, ScoreReason, ScoreReasonCode, ScoreRule } from "./lead-score.js";

/** A reason as people read it: the stable code and numbers for programs, a sentence for staff. */
export interface ExplainedScoreReason {
  readonly rule: ScoreRule;
  readonly code: ScoreReasonCode;
  /** Whole points; the reasons of one score add up to its total. */
  readonly points: number;
  readonly maxPoints: number;
  /** The finding in the workspace's language, e.g. "Telefon und E-Mail bekannt". */
  readonly text: string;
}

/** How warm a lead is, in three words staff use: from 70 points hot, from 40 warm, below cold. */
export type ScoreTemperature = "hot" | "warm" | "cold";
export const HOT_FROM = 70;
export const WARM_FROM = 40;

export function scoreTemperature(score: number): ScoreTemperature {
  if (score >= HOT_FROM) return "hot";
  return score >= WARM_FROM ? "warm" : "cold";
}

const TEMPERATURE_WORDS: Readonly<Record<Locale, Readonly<Record<ScoreTemperature, string>>>> = {
  de: { hot: "heiß", warm: "warm", cold: "kalt" },
  en: { hot: "hot", warm: "warm", cold: "cold" },
};

export function temperatureWord(score: number, locale: Locale): string {
  return TEMPERATURE_WORDS[locale][scoreTemperature(score)];
}

type ContactPart = keyof ScoreFacts["contact"];

const CONTACT_WORDS: Readonly<Record<Locale, Readonly<Record<ContactPart, string>>>> = {
  de: { name: "Name", email: "E-Mail", phone: "Telefon", address: "Adresse" },
  en: { name: "name", email: "e-mail", phone: "phone", address: "address" },
};

const URGENCY_WORDS: Readonly<Record<Locale, Readonly<Record<Urgency, string>>>> = {
  de: { low: "niedrig", normal: "normal", high: "hoch", urgent: "dringend" },
  en: { low: "low", normal: "normal", high: "high", urgent: "urgent" },
};

function list(words: readonly string[], and: string): string {
  return words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} ${and} ${words.at(-1)}`;
}

const euros = (amount: number, locale: Locale) => formatEuros(Math.round(amount * 100), locale).replace(/[.,]00(?=\s|$)/, "");

function german(finding: ScoreFinding): string {
  switch (finding.code) {
    case "contact_known":
      return `${list(finding.known.map((part) => CONTACT_WORDS.de[part]), "und")} bekannt`;
    case "contact_missing":
      return "keine Kontaktdaten";
    case "value_expected":
      return `Auftragswert ${euros(finding.euros, "de")} (volle Punkte ab ${euros(finding.ceilingEuros, "de")})`;
    case "value_missing":
      return "kein Auftragswert angegeben";
    case "probability_given":
      return `Abschlusschance ${finding.percent} %`;
    case "probability_missing":
      return "keine Abschlusschance angegeben";
    case "urgency":
      return `Dringlichkeit ${URGENCY_WORDS.de[finding.urgency]}`;
    case "budget_reached":
      return "Budget genannt und Auftragswert erreicht es";
    case "budget_stated":
      return "Budget genannt";
    case "budget_missing":
      return "kein Budget genannt";
    case "start_passed":
      return "Wunschtermin ist schon vorbei";
    case "start_in_days":
      return finding.days === 0 ? "Wunschtermin heute" : `Wunschtermin in ${finding.days} ${finding.days === 1 ? "Tag" : "Tagen"}`;
    case "start_missing":
      return "kein Wunschtermin";
    case "source_weight":
      return `Quelle ${finding.source} (zählt ${finding.percent} %)`;
  }
}

function english(finding: ScoreFinding): string {
  switch (finding.code) {
    case "contact_known":
      return `${list(finding.known.map((part) => CONTACT_WORDS.en[part]), "and")} known`;
    case "contact_missing":
      return "no contact details";
    case "value_expected":
      return `job value ${euros(finding.euros, "en")} (full points from ${euros(finding.ceilingEuros, "en")})`;
    case "value_missing":
      return "no job value given";
    case "probability_given":
      return `chance of winning ${finding.percent} %`;
    case "probability_missing":
      return "no chance of winning given";
    case "urgency":
      return `urgency ${URGENCY_WORDS.en[finding.urgency]}`;
    case "budget_reached":
      return "budget stated and the job value reaches it";
    case "budget_stated":
      return "budget stated";
    case "budget_missing":
      return "no budget stated";
    case "start_passed":
      return "desired start date has passed";
    case "start_in_days":
      return finding.days === 0 ? "desired start today" : `desired start in ${finding.days} ${finding.days === 1 ? "day" : "days"}`;
    case "start_missing":
      return "no desired start date";
    case "source_weight":
      return `source ${finding.source} (counts ${finding.percent} %)`;
  }
}

export function explainScoreReason(reason: ScoreReason, locale: Locale): ExplainedScoreReason {
  const text = locale === "en" ? english(reason.finding) : german(reason.finding);
  return { rule: reason.rule, code: reason.finding.code, points: reason.points, maxPoints: reason.maxPoints, text };
}

/** The reasons that gave the most points, best first; rules that gave nothing are left out. */
export function topScoreReasons<R extends { readonly points: number }>(reasons: readonly R[], count = 3): R[] {
  return reasons
    .filter((reason) => reason.points > 0)
    .sort((a, b) => b.points - a.points)
    .slice(0, count);
}
