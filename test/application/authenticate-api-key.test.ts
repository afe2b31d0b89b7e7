import { describe, expect, it } from "vitest";
import { AuthenticateApiKey } from "../../src/application/access/authenticate-api-key.js";
import { CreateApiKey } from "../../src/application/access/create-api-key.js";
import { ListApiKeys } from "../../src/application/access/list-api-keys.js";
import type { SystemTransaction, UnitOfWork } from "../../src/application/ports/unit-of-work.js";
import { CreateWorkspace } from "../../src/application/workspaces/create-workspace.js";
import { MemoryUnitOfWork } from "../../src/adapters/memory/memory-unit-of-work.js";
import { CryptoSecrets } from "../../src/adapters/system/crypto-secrets.js";
import { ManualClock } from "../../src/adapters/system/system-clock.js";
import { UuidV7Ids } from "../../src/adapters/system/uuid-v7-ids.js";
import type { Result } from "../../src/domain/shared/result.js";

const must = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
};

/** The memory storage, counting the write transactions it is asked for. */
class CountingStorage extends MemoryUnitOfWork implements UnitOfWork {
  systemWrites = 0;
  override runSystem<T, E>(work: (tx: SystemTransaction) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    this.systemWrites += 1;
    return super.runSystem(work);
  }
}

async function setup() {
  const uow = new CountingStorage();
  const clock = new ManualClock();
  const ids = new UuidV7Ids();
  const secrets = new CryptoSecrets();
  const workspace = must(await new CreateWorkspace(uow, clock, ids).execute("default"));
  const issued = must(await new CreateApiKey(uow, clock, ids, secrets).execute(workspace.id, { name: "CRM" }));
  const lastUsed = async () => must(await new ListApiKeys(uow).execute(workspace.id))[0]!.lastUsedAt;
  return { uow, clock, authenticate: new AuthenticateApiKey(uow, clock, secrets), key: issued.plainKey, lastUsed };
}

describe("authenticating an API key", () => {
  it("records the last use at most once a minute, without a write transaction for the other requests", async () => {
    const s = await setup();
    const first = s.clock.now().toISOString();
    const writesBefore = s.uow.systemWrites;
    must(await s.authenticate.execute(s.key));
    expect(await s.lastUsed()).toBe(first);

    s.clock.advance(30_000);
    for (let i = 0; i < 5; i++) must(await s.authenticate.execute(s.key));
    expect(await s.lastUsed()).toBe(first);
    expect(s.uow.systemWrites - writesBefore).toBe(1);

    s.clock.advance(31_000);
    must(await s.authenticate.execute(s.key));
    expect(await s.lastUsed()).toBe(s.clock.now().toISOString());
    expect(s.uow.systemWrites - writesBefore).toBe(2);
  });

  it("writes the last use once for a burst of concurrent requests", async () => {
    const s = await setup();
    const writesBefore = s.uow.systemWrites;
    const results = await Promise.all(Array.from({ length: 10 }, () => s.authenticate.execute(s.key)));
    expect(results.every((result) => result.ok)).toBe(true);
    expect(await s.lastUsed()).toBe(s.clock.now().toISOString());
    expect(s.uow.systemWrites - writesBefore).toBe(1);
  });

  it("refuses a missing or unknown key", async () => {
    const s = await setup();
    expect(await s.authenticate.execute(undefined)).toEqual({ ok: false, error: "missing" });
    expect(await s.authenticate.execute("lp_live_unknown")).toEqual({ ok: false, error: "invalid" });
  });
});
