import { accessModule } from "./access.module.js";
import { accountingModule } from "./accounting.module.js";
import { backupModule } from "./backup.module.js";
import { catalogsModule } from "./catalogs.module.js";
import { contactFormModule } from "./contact-form.module.js";
import { exportModule } from "./export.module.js";
import type { FeatureModule, LibrarySections } from "./feature-module.js";
import { importModule } from "./import.module.js";
import { intakeModule } from "./intake.module.js";
import { notificationsModule } from "./notifications.module.js";
import { rateLimitsModule } from "./rate-limits.module.js";
import { recordsModule } from "./records.module.js";
import { retentionModule } from "./retention.module.js";
import { scoreWeightsModule } from "./score-weights.module.js";
import { surveysModule } from "./surveys.module.js";
import { webhooksModule } from "./webhooks.module.js";

/**
 * Every feature module the hosts wire, in order: the order of the commands in `leadport --help`,
 * of the routers (and of their sections in the API reference) and of the outbox handlers. Adding
 * a feature: write its module file and add it here (docs/adding-a-feature.md).
 *
 * The records and their catalogs come first, as the API reference has always begun with them.
 * The export comes before the records: its fixed paths (/inquiries/export) must be mounted before
 * the records' `:id` routes, which would otherwise take "export" for an id.
 */
export const FEATURE_MODULES = [
  accessModule,
  exportModule,
  recordsModule,
  catalogsModule,
  intakeModule,
  contactFormModule,
  notificationsModule,
  importModule,
  scoreWeightsModule,
  retentionModule,
  backupModule,
  accountingModule,
  webhooksModule,
  surveysModule,
  rateLimitsModule,
] as const satisfies readonly FeatureModule<object>[];

export type FeatureModules = typeof FEATURE_MODULES;

/** The library sections every module adds to a workspace's API (`lp.inquiries`, `lp.surveys`, …). */
export type ModuleLibrary = LibrarySections<FeatureModules>;
