import { inject, injectable } from "tsyringe";
import { isUsable, type ApiKey } from "../../domain/access/api-key.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { Secrets } from "../ports/secrets.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { LAST_USED_RESOLUTION_MS, type AuthenticationFailure } from "./api-keys.js";

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
