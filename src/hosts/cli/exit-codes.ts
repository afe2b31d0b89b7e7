import type { Failure } from "../../domain/shared/failure.js";

/**
 * The exit codes of every `leadport` command (README, "Command line"). Each code means one thing,
 * so a script can tell "fix your command line" from "try again later" from "look at the report".
 */
export const EXIT = {
  /** Done. */
  ok: 0,
  /** Nothing (or not everything) done: a missing workspace or key, a conflict, an unreadable file, an internal error. */
  failed: 1,
  /** The command line or configuration is wrong: unknown command or option, an invalid value. */
  usage: 2,
  /** An import ran to its end but some rows failed; they are listed in the error report. */
  rowsFailed: 3,
} as const;

/** Expected failures of use cases: only invalid input (and too many items at once) counts as bad usage. */
export const EXIT_FOR_FAILURE: Readonly<Record<Failure["code"], number>> = {
  validation_failed: EXIT.usage,
  not_found: EXIT.failed,
  conflict: EXIT.failed,
  unauthenticated: EXIT.failed,
  forbidden: EXIT.failed,
  // Fewer items per command fixes it: the command line is at fault, not the data.
  too_many_items: EXIT.usage,
};
