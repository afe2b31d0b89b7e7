import { inject, injectable } from "tsyringe";
import { z } from "zod";
import { singleLine } from "../shared/text-input.js";
import { displayPrefix, isUsable, KEY_PREFIXES, type ApiKey } from "../../domain/access/api-key.js";
import type { Failure } from "../../domain/shared/failure.js";
import { notFound } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { Secrets } from "../ports/secrets.js";
import type { UnitOfWork, WorkspaceTransaction } from "../ports/unit-of-work.js";
import { parseInput } from "../shared/validation.js";
import type { Assert, SameShape } from "../shared/view-schemas.js";
import { TimestampSchema } from "../shared/view-schemas.js";
import { TOKENS } from "../tokens.js";

/** Website origins a publishable key may be used from: scheme, host and port; paths are dropped. */
export const AllowedOrigins = z.array(z.url({ protocol: /^https?$/ }).transform((url) => new URL(url).origin)).max(20);

export const CreateApiKeyInput = z
  .strictObject({
    name: singleLine(z.string()).trim().min(1, "must not be empty").max(100),
    kind: z.enum(["secret", "publishable"]).default("secret"),
    allowedOrigins: AllowedOrigins.default([]),
    thankYouUrl: z.url({ protocol: /^https?$/ }).nullish(),
  })
  // Without an origin a publishable key would be usable from any page that copies it.
  .refine((input) => input.kind !== "publishable" || input.allowedOrigins.length > 0, {
    path: ["allowedOrigins"],
    message: "a publishable key needs at least one allowed origin",
  });
export type CreateApiKeyInput = z.input<typeof CreateApiKeyInput>;

export interface IssuedApiKey {
  readonly key: ApiKey;
  /** The key itself: shown once, never stored. */
  readonly plainKey: string;
}

/** The public shape of an API key: never the key, never its hash. */
export const ApiKeyViewSchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  name: z.string(),
  kind: z.enum(["secret", "publishable"]),
  prefix: z.string().describe("The first characters of the key, to recognise it."),
  allowedOrigins: z.array(z.string()).readonly(),
  thankYouUrl: z.string().nullable().optional(),
  createdAt: TimestampSchema,
  revokedAt: TimestampSchema.nullable(),
  lastUsedAt: TimestampSchema.nullable(),
});
export type ApiKeyView = z.output<typeof ApiKeyViewSchema>;
type _ApiKeyViewIsTheKeyWithoutHash = Assert<SameShape<ApiKeyView, Omit<ApiKey, "hash">>>;

export function toApiKeyView(key: ApiKey): ApiKeyView {
  const { hash: _neverShown, ...view } = key;
  return view;
}

export async function issueApiKeyIn(
  tx: WorkspaceTransaction,
  services: { ids: IdGenerator; secrets: Secrets; clock: Clock },
  input: z.output<typeof CreateApiKeyInput>,
): Promise<IssuedApiKey> {
  const plainKey = `${KEY_PREFIXES[input.kind]}${services.secrets.newToken()}`;
  const key: ApiKey = {
    id: services.ids.newId(),
    workspaceId: tx.workspaceId,
    name: input.name,
    kind: input.kind,
    prefix: displayPrefix(plainKey),
    hash: services.secrets.hash(plainKey),
    allowedOrigins: input.allowedOrigins,
    thankYouUrl: input.thankYouUrl ?? null,
    createdAt: services.clock.now().toISOString(),
    revokedAt: null,
    lastUsedAt: null,
  };
  await tx.apiKeys.insert(key);
  return { key, plainKey };
}

@injectable()
export class CreateApiKey {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(TOKENS.Secrets) private readonly secrets: Secrets,
  ) {}

  async execute(workspaceId: string, input: CreateApiKeyInput): Promise<Result<IssuedApiKey, Failure>> {
    const parsed = parseInput(CreateApiKeyInput, input);
    if (!parsed.ok) return parsed;
    return this.uow.run(workspaceId, async (tx) => {
      if (!(await tx.workspaces.findById(workspaceId))) return err(notFound("workspace"));
      return ok(await issueApiKeyIn(tx, { ids: this.ids, secrets: this.secrets, clock: this.clock }, parsed.value));
    });
  }
}

@injectable()
export class ListApiKeys {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  /** Keys of one workspace, or of all workspaces for the operator's CLI. */
  async execute(workspaceId: string | null): Promise<Result<readonly ApiKey[], Failure>> {
    if (workspaceId === null) return this.uow.readSystem(async (tx) => ok(await tx.apiKeys.listAll()));
    return this.uow.read(workspaceId, async (tx) => ok(await tx.apiKeys.list()));
  }
}

@injectable()
export class RevokeApiKey {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  /** Revocation takes effect on the next request: authentication reads the key every time. */
  async execute(keyId: string, workspaceId: string | null = null): Promise<Result<ApiKey, Failure>> {
    return this.uow.runSystem(async (tx) => {
      const key = await tx.apiKeys.findById(keyId);
      if (!key || (workspaceId !== null && key.workspaceId !== workspaceId)) return err(notFound("API key"));
      if (key.revokedAt !== null) return ok(key);
      const revokedAt = this.clock.now().toISOString();
      await tx.apiKeys.revoke(key.id, revokedAt);
      return ok({ ...key, revokedAt });
    });
  }
}

/** How often the last-used time is written at most; a write per request would serialise all reads. */
const LAST_USED_RESOLUTION_MS = 60_000;

export type AuthenticationFailure = "missing" | "invalid";

/**
 * Resolves a presented key with a read only. `lastUsedAt` is a hint for operators ("is this key
 * still in use?") kept to the minute; writing it on the request's path would make every request a
 * write transaction that waits for the write lock and fails while another process holds it. So it
 * is written at most once a minute per key, beside the request rather than in it, and a write that
 * cannot be done now (the database locked, the server closing) is left to a later request.
 */
@injectable()
export class AuthenticateApiKey {
  /** Keys whose last-used write is under way, so a burst of requests writes once. */
  private readonly marking = new Set<string>();

  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Secrets) private readonly secrets: Secrets,
  ) {}

  async execute(presented: string | undefined): Promise<Result<ApiKey, AuthenticationFailure>> {
    const token = presented?.trim();
    if (!token) return err("missing");
    const hash = this.secrets.hash(token);
    const found = await this.uow.readSystem(async (tx) => ok(await tx.apiKeys.findByHash(hash)));
    const key = found.ok ? found.value : null;
    if (!key || !isUsable(key)) return err("invalid");
    this.noteUse(key);
    return ok(key);
  }

  private noteUse(key: ApiKey): void {
    const now = this.clock.now();
    if (key.lastUsedAt !== null && now.getTime() - Date.parse(key.lastUsedAt) <= LAST_USED_RESOLUTION_MS) return;
    if (this.marking.has(key.id)) return;
    this.marking.add(key.id);
    void this.uow
      .runSystem(async (tx) => ok(await tx.apiKeys.markUsed(key.id, now.toISOString())))
      .catch(() => undefined)
      .finally(() => this.marking.delete(key.id));
  }
}
