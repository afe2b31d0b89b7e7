/** A file that cannot be imported at all (unreadable, corrupt, too large, unsafe); the message says why. */
export class SpreadsheetError extends Error {
  override readonly name = "SpreadsheetError";
}
