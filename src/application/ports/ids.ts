export interface IdGenerator {
  /** A new unique, URL-safe id; sortable by creation time so listings page stably. */
  newId(): string;
}
