import { DEFAULT_WORKSPACE_NAME, type Workspace } from "../../domain/workspace/workspace.js";
import type { Failure } from "../../domain/shared/failure.js";
import { ok, type Result } from "../../domain/shared/result.js";
import { issueApiKeyIn, type IssuedApiKey } from "../access/api-keys.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { Secrets } from "../ports/secrets.js";
import type { SystemTransaction } from "../ports/unit-of-work.js";
import { createWorkspaceIn } from "./workspaces.js";

interface FirstWorkspaceServices {
  readonly ids: IdGenerator;
  readonly clock: Clock;
  readonly secrets: Secrets;
}

export interface FirstWorkspace {
  readonly workspace: Workspace;
  /** The workspace's first secret key, issued with it so the new user can call the API at once; null when not asked for. */
  readonly firstKey: IssuedApiKey | null;
}

/**
 * The one rule for a fresh database, shared by the server, the importer, the library and every
 * command: when no workspace exists yet, "default" is created (with its first API key, when the
 * caller will show it). Returns null once any workspace exists, so it never creates a second one.
 */
export async function firstWorkspaceIn(
  tx: SystemTransaction,
  services: FirstWorkspaceServices,
  options: { readonly issueKey: boolean },
): Promise<Result<FirstWorkspace | null, Failure>> {
  if ((await tx.workspaces.list()).length > 0) return ok(null);
  const workspace = await createWorkspaceIn(tx, services.ids, DEFAULT_WORKSPACE_NAME, services.clock.now());
  if (!workspace.ok) return workspace;
  const firstKey = options.issueKey
    ? await issueApiKeyIn(tx.within(workspace.value.id), services, { name: "first key", kind: "secret", allowedOrigins: [] })
    : null;
  return ok({ workspace: workspace.value, firstKey });
}

export interface OpenedWorkspace extends FirstWorkspace {
  /** True when this call created the workspace (on a fresh database). */
  readonly created: boolean;
}

export interface OpenWorkspaceOptions {
  /** Issue the first key when this call creates "default" (a caller that shows it to a person). */
  readonly issueKey: boolean;
  /** Create a missing workspace of any name (the library's "created on first use"); else only "default" on a fresh database. */
  readonly createMissing?: boolean;
}
