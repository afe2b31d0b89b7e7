import { catalogKey } from "../shared/text.js";

export type CatalogKind = "status" | "source";

/** An entry of a workspace's status or source catalog. */
export interface CatalogEntry {
  readonly id: string;
  readonly workspaceId: string;
  readonly kind: CatalogKind;
  readonly name: string;
  /** Case-insensitive lookup key: "website" finds "Website". */
  readonly key: string;
  /** Statuses only: reaching it means the deal is won (probability 100) or lost. */
  readonly isWon: boolean;
  readonly isLost: boolean;
  /** Sources only: 0..1, how much an inquiry from this source is worth in the lead score. */
  readonly scoreWeight: number | null;
  /** Place in the workspace's order, from 1; entries never reordered have none and follow, oldest first. */
  readonly position?: number;
  readonly createdAt: string;
}

export const DEFAULT_STATUS = "Neu";
export const DEFAULT_SOURCE = "API";

interface SeedEntry {
  readonly name: string;
  readonly isWon?: boolean;
  readonly isLost?: boolean;
  readonly scoreWeight?: number;
}

/** What a new workspace starts with; further entries appear as senders use them. */
export const SEED_STATUSES: readonly SeedEntry[] = [
  { name: DEFAULT_STATUS },
  { name: "In Bearbeitung" },
  { name: "Angebot versendet" },
  { name: "Gewonnen", isWon: true },
  { name: "Verloren", isLost: true },
];

export const SEED_SOURCES: readonly SeedEntry[] = [
  { name: DEFAULT_SOURCE, scoreWeight: 0.5 },
  { name: "Website", scoreWeight: 0.7 },
  { name: "Empfehlung", scoreWeight: 1 },
  { name: "Telefon", scoreWeight: 0.8 },
  { name: "Import", scoreWeight: 0.4 },
];

export function newCatalogEntry(
  id: string,
  workspaceId: string,
  kind: CatalogKind,
  seed: SeedEntry,
  now: Date,
): CatalogEntry {
  const name = seed.name.trim().replace(/\s+/g, " ");
  return {
    id,
    workspaceId,
    kind,
    name,
    key: catalogKey(name),
    isWon: kind === "status" && seed.isWon === true,
    isLost: kind === "status" && seed.isLost === true,
    scoreWeight: kind === "source" ? (seed.scoreWeight ?? null) : null,
    createdAt: now.toISOString(),
  };
}
