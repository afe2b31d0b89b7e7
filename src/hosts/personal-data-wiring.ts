import type { DependencyContainer } from "tsyringe";
import type { PersonalDataSections } from "../application/ports/personal-data-section.js";
import { TOKENS } from "../application/tokens.js";
import type { FeatureModule } from "./modules/feature-module.js";

/**
 * The features' shares of a person's data, for the export, the erasure and retention. Declared by
 * each module; the privacy use cases do not change when a feature stores personal data.
 */
export function registerPersonalDataSections(container: DependencyContainer, modules: readonly FeatureModule<object>[]): void {
  container.register(TOKENS.PersonalDataSections, {
    useFactory: (c): PersonalDataSections => {
      const sections = modules.flatMap((module) => (module.personalData ? [module.personalData(c)] : []));
      const names = sections.map((section) => section.name);
      const twice = names.find((name, index) => names.indexOf(name) !== index);
      if (twice !== undefined) throw new Error(`two modules contribute the personal-data section "${twice}"`);
      return sections;
    },
  });
}
