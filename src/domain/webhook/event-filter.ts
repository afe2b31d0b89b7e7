import type { FieldIssue } from "../shared/failure.js";

/**
 * Which events a subscription receives. Patterns are exact names (`inquiry.created`), a record's
 * every event (`inquiry.*`), or everything (`*`).
 */
const PATTERN = /^(\*|[a-z][a-z0-9_]*\.(\*|[a-z][a-z0-9_]*))$/;

export const MAX_EVENT_PATTERNS = 50;

export function eventPatternIssues(patterns: readonly string[], path = "events"): FieldIssue[] {
  if (patterns.length === 0) return [{ path, message: "must name at least one event, e.g. inquiry.created, inquiry.* or *" }];
  if (patterns.length > MAX_EVENT_PATTERNS) return [{ path, message: `must have at most ${MAX_EVENT_PATTERNS} entries` }];
  return patterns.flatMap((pattern, index) =>
    PATTERN.test(pattern) ? [] : [{ path: `${path}.${index}`, message: `"${pattern}" is not an event name or pattern such as inquiry.created, inquiry.* or *` }],
  );
}

export function matchesEventPattern(pattern: string, eventName: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith(".*")) return eventName.startsWith(pattern.slice(0, -1));
  return pattern === eventName;
}

export function matchesEventFilter(patterns: readonly string[], eventName: string): boolean {
  return patterns.some((pattern) => matchesEventPattern(pattern, eventName));
}

/**
 * The optional field filter: an update event is delivered only when one of these fields changed
 * (`["status"]`: "only when the status changes"). Events that carry no list of changed fields
 * (created, won, deleted, …) are not affected by it.
 */
export function passesFieldFilter(fields: readonly string[] | null, changed: readonly string[] | null): boolean {
  if (fields === null || fields.length === 0 || changed === null) return true;
  return changed.some((field) => fields.includes(field));
}
