import type { ApiKeyRate } from "../../domain/workspace/api-key-rate.js";
import type { RateLimit } from "../system/token-bucket.js";

/** Loads one workspace's own per-key rate (null: it follows the server default). */
export type KeyRateLoader = (workspaceId: string) => Promise<ApiKeyRate | null>;

export interface WorkspaceKeyRatesOptions {
  readonly load: KeyRateLoader;
  /** How long a loaded figure is used before it is read again; a change from another process shows within it. */
  readonly ttlMs?: number;
  readonly now?: () => number;
  /** Keys (by hash) remembered with their workspace; beyond this the least recently seen is forgotten. */
  readonly maxKeys?: number;
  readonly onLoadError?: (error: unknown) => void;
}

interface CachedRate {
  readonly rate: RateLimit | null;
  readonly loadedAt: number;
  refreshing: boolean;
}

export const DEFAULT_KEY_RATE_TTL_MS = 5_000;

const toLimit = (rate: ApiKeyRate | null): RateLimit | null => (rate ? { capacity: rate.requests, periodMs: rate.periodSeconds * 1000 } : null);

/**
 * Which rate each secret key pays into, known without a database read on the request path. The
 * limiter runs before authentication, so a key's workspace is learned from the request that
 * authenticated it; the workspace's figure is then held for a few seconds and read again in the
 * background. A change made through this process's API is applied at once (`remember`); one made
 * by the CLI or another process shows within the TTL.
 */
export class WorkspaceKeyRates {
  private readonly workspaceOfKey = new Map<string, string>();
  private readonly rates = new Map<string, CachedRate>();
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(private readonly options: WorkspaceKeyRatesOptions) {
    this.ttlMs = options.ttlMs ?? DEFAULT_KEY_RATE_TTL_MS;
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /**
   * The workspace's own rate for a key (null: the server default). A key not yet seen to
   * authenticate, or whose workspace's figure is not loaded yet, gets the default too.
   */
  rateOfKey(keyHash: string): RateLimit | null {
    const workspaceId = this.workspaceOfKey.get(keyHash);
    if (workspaceId === undefined) return null;
    const cached = this.rates.get(workspaceId);
    if (!cached) return null;
    if (this.now() - cached.loadedAt >= this.ttlMs && !cached.refreshing) {
      // Stale: answer with what is known and read it again beside the request, not in its way.
      cached.refreshing = true;
      void this.load(workspaceId);
    }
    return cached.rate;
  }

  /** Whether a key has been seen to authenticate (and so pays into its workspace's rate). */
  knows(keyHash: string): boolean {
    return this.workspaceOfKey.has(keyHash);
  }

  /**
   * Notes that a key authenticated for a workspace. Resolves once the workspace's figure is known,
   * which costs a read only the first time a workspace is seen.
   */
  async learn(keyHash: string, workspaceId: string): Promise<void> {
    this.workspaceOfKey.delete(keyHash); // re-insert: the map's order is least recently seen first
    this.workspaceOfKey.set(keyHash, workspaceId);
    if (this.workspaceOfKey.size > this.maxKeys) {
      const oldest = this.workspaceOfKey.keys().next().value;
      if (oldest !== undefined) this.workspaceOfKey.delete(oldest);
    }
    if (!this.rates.has(workspaceId)) await this.load(workspaceId);
  }

  /** A change made in this process applies to the next request. */
  remember(workspaceId: string, rate: ApiKeyRate | null): void {
    this.rates.set(workspaceId, { rate: toLimit(rate), loadedAt: this.now(), refreshing: false });
  }

  private async load(workspaceId: string): Promise<void> {
    try {
      this.remember(workspaceId, await this.options.load(workspaceId));
    } catch (error) {
      // Keep the last figure (or the default) and try again after the TTL.
      const cached = this.rates.get(workspaceId);
      if (cached) this.rates.set(workspaceId, { ...cached, loadedAt: this.now(), refreshing: false });
      this.options.onLoadError?.(error);
    }
  }
}
