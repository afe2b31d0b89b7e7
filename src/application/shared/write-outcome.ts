/** What a write that may find its record already there did: an import or a retried request reports it. */
export type WriteOutcome = "created" | "updated" | "unchanged";
