/** Injection tokens of the surveys feature (bound by src/hosts/modules/surveys.module.ts). */
export const SURVEY_TOKENS = {
  Settings: Symbol.for("leadport.surveys.Settings"),
} as const;

export interface SurveySettings {
  /** Where the personal links in invitations point, e.g. https://crm.example.de. */
  readonly publicUrl: string;
  /** The right-hand side of the Message-IDs of survey mails. */
  readonly messageIdDomain: string;
  /** Most participants one request may add (LEADPORT_SURVEY_MAX_PARTICIPANTS). */
  readonly maxParticipantsPerRequest: number;
  /** Most invitations one scheduler tick handles; the next tick takes the rest. */
  readonly tickBatchSize: number;
}
