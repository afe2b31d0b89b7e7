import { z } from "zod";
import { singleLine } from "../shared/text-input.js";
import { displayPrefix, KEY_PREFIXES, type ApiKey } from "../../domain/access/api-key.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { Secrets } from "../ports/secrets.js";
import type { WorkspaceTransaction } from "../ports/unit-of-work.js";
import type { Assert, SameShape } from "../shared/view-schemas.js";
import { TimestampSchema } from "../shared/view-schemas.js";

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

/** How often the last-used time is written at most; a write per request would serialise all reads. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export type AuthenticationFailure = "missing" | "invalid";
