/** The webhook feature's injection tokens, next to the feature (not in the core's tokens.ts). */
export const WEBHOOK_TOKENS = {
  Settings: Symbol.for("leadport.webhooks.Settings"),
  Transport: Symbol.for("leadport.webhooks.Transport"),
  Random: Symbol.for("leadport.webhooks.Random"),
} as const;
