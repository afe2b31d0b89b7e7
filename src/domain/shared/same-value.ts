/**
 * Equal as JSON values, whatever order an object's keys are in: a storage may hand a record back
 * with them reordered (PostgreSQL's jsonb does), and that is no change. Keys holding `undefined`
 * count as absent, as in JSON.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  }
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  const keysOfA = Object.keys(a).filter((key) => (a as Record<string, unknown>)[key] !== undefined);
  const keysOfB = Object.keys(b).filter((key) => (b as Record<string, unknown>)[key] !== undefined);
  return keysOfA.length === keysOfB.length && keysOfA.every((key) => sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
