/** Injection tokens of the accounting feature; bound in src/hosts/modules/accounting.module.ts. */
export const ACCOUNTING_TOKENS = {
  Systems: Symbol.for("leadport.accounting.Systems"),
} as const;
