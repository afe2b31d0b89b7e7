/**
 * Unique constraints two instances can race for with nothing wrong in either request: both find
 * no row, both insert, one loses. The loser's transaction runs again and, now seeing the winner's
 * row, decides as if it had come second (no new workspace on start, the existing catalog entry,
 * "already exists" for a staff member, the imported inquiry with that external reference).
 */
export const RACED_UNIQUE_CONSTRAINTS: readonly string[] = [
  "workspaces_name_key",
  "catalog_entries_workspace_id_kind_key_key",
  "staff_workspace_id_email_key",
  "inquiries_external_ref",
];
