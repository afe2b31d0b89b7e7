import type { DependencyContainer } from "tsyringe";
import type { OutboxHandler } from "../application/outbox/outbox-handler.js";
import { TOKENS } from "../application/tokens.js";
import type { FeatureModule } from "./modules/feature-module.js";

/**
 * Every consumer of the outbox is declared by the module of its feature; the dispatcher does not
 * change when a feature adds handlers.
 */
export function registerOutboxHandlers(container: DependencyContainer, modules: readonly FeatureModule<object>[] = []): void {
  container.register(TOKENS.OutboxHandlers, {
    useFactory: (c): readonly OutboxHandler[] => modules.flatMap((module) => module.outboxHandlers?.(c) ?? []),
  });
}
