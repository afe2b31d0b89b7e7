import type { z } from "zod";
import type { Failure, FieldIssue } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";

/** Fields the server owns; naming them in input is a mistake worth a precise answer. */
const READ_ONLY_FIELDS = new Set([
  "id",
  "workspaceId",
  "customerMatch",
  "displayName",
  "leadScore",
  "leadScoreReasons",
  "logbook",
  "wonAt",
  "createdAt",
  "updatedAt",
]);

function joinPath(path: readonly PropertyKey[]): string {
  return path.map((segment) => String(segment)).join(".");
}

export function issuesOf(error: z.ZodError): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const path = joinPath([...issue.path, key]);
        issues.push({ path, message: READ_ONLY_FIELDS.has(key) ? "is read-only" : "is not a known field" });
      }
    } else {
      issues.push({ path: joinPath(issue.path) || "(body)", message: issue.message });
    }
  }
  return issues;
}

export function validationFailure(issues: readonly FieldIssue[]): Failure {
  const summary = issues.map((issue) => `${issue.path} ${issue.message}`).join("; ");
  return { code: "validation_failed", message: `Invalid input: ${summary}`, issues };
}

/** Parses untrusted input with a schema, turning every problem into a field issue. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): Result<z.output<S>, Failure> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  return err(validationFailure(issuesOf(parsed.error)));
}
