import { accountingModule } from "./accounting.module.js";
import type { FeatureModule, LibrarySections } from "./feature-module.js";
import { surveysModule } from "./surveys.module.js";
import { webhooksModule } from "./webhooks.module.js";

/**
 * Every feature module the hosts wire, in order. Adding a feature: write its module file and add
 * it here (docs/adding-a-feature.md).
 */
export const FEATURE_MODULES = [
  accountingModule,
  webhooksModule,
  surveysModule,
] as const satisfies readonly FeatureModule<object>[];

export type FeatureModules = typeof FEATURE_MODULES;

/** The library sections every module adds to a workspace's API (`lp.surveys`, …). */
export type ModuleLibrary = LibrarySections<FeatureModules>;
