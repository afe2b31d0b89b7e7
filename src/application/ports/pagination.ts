/** Keyset position: listings run newest first, ties broken by id. */
export interface PagePosition {
  readonly createdAt: string;
  readonly id: string;
  /**
   * Listings that offer other orders (inquiries by lead score or follow-up date) also carry the
   * sort's name and the last record's value of that key, so the next page starts right behind it.
   */
  readonly sort?: string;
  readonly sortValue?: string | number | null;
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
