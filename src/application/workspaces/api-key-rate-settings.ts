import { z } from "zod";
import { formatApiKeyRate, parseApiKeyRate, type ApiKeyRate } from "../../domain/workspace/api-key-rate.js";

export const ApiKeyRateViewSchema = z.object({
  perKey: z
    .string()
    .nullable()
    .describe("Requests each secret key of this workspace may make, as COUNT/PERIOD (e.g. 6000/m); null follows the server's default."),
});
export type ApiKeyRateView = z.output<typeof ApiKeyRateViewSchema>;

/** The format and bounds are the domain's rule (parseApiKeyRate), so the API and the CLI answer alike. */
export const ChangeApiKeyRateInput = z.strictObject({
  perKey: z.string().max(32, "must be at most 32 characters").nullable(),
});
export type ChangeApiKeyRateInput = z.input<typeof ChangeApiKeyRateInput>;

export interface WorkspaceApiKeyRate {
  /** The workspace's own figure, or null where the server default applies. */
  readonly rate: ApiKeyRate | null;
}

export const toApiKeyRateView = (setting: WorkspaceApiKeyRate): ApiKeyRateView => ({ perKey: setting.rate ? formatApiKeyRate(setting.rate) : null });
