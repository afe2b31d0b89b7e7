/** Keyset position: listings run newest first, ties broken by id. */
export interface PagePosition {
  readonly createdAt: string;
  readonly id: string;
}

export interface PageRequest {
  readonly limit: number;
  readonly after: PagePosition | null;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Where the next page starts, or null on the last page. */
  readonly next: PagePosition | null;
}
