/** What tickets and web orders have in common for storage: a status and an optional customer. */
export interface StatusRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly status: string;
  readonly customerId: string | null;
  readonly createdAt: string;
}
