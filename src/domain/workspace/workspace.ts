import { DEFAULT_SCORE_WEIGHTS, type ScoreWeights } from "../inquiry/lead-score.js";
import type { ApiKeyRate } from "./api-key-rate.js";
import type { RetentionPolicy } from "./retention.js";

import type { Locale } from "../shared/locale.js";

export type { Locale };

export interface Workspace {
  readonly id: string;
  readonly name: string;
  readonly locale: Locale;
  readonly scoreWeights: ScoreWeights;
  /**
   * Absent on workspaces from before retention existed, and settings added since absent on older
   * ones: read it with retentionPolicyOf, which fills in the defaults.
   */
  readonly retention?: RetentionPolicy;
  /** Requests per secret key; absent or null follows the server's LEADPORT_API_RATE_PER_KEY. */
  readonly apiKeyRate?: ApiKeyRate | null;
  readonly createdAt: string;
}

export const DEFAULT_WORKSPACE_NAME = "default";

export function isValidWorkspaceName(name: string): boolean {
  return /^[a-z0-9][a-z0-9._-]{0,62}$/i.test(name);
}

export function newWorkspace(id: string, name: string, now: Date, locale: Locale = "de"): Workspace {
  return { id, name, locale, scoreWeights: DEFAULT_SCORE_WEIGHTS, createdAt: now.toISOString() };
}
