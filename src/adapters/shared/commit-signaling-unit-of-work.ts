import type { SystemReader, SystemTransaction, UnitOfWork, WorkspaceReader, WorkspaceTransaction } from "../../application/ports/unit-of-work.js";
import type { Result } from "../../domain/shared/result.js";

/** Calls `onCommit` after every committed workspace transaction, so the outbox worker can start at once. */
export class CommitSignalingUnitOfWork implements UnitOfWork {
  constructor(
    private readonly inner: UnitOfWork,
    private readonly onCommit: () => void,
  ) {}

  async run<T, E>(workspaceId: string, work: (tx: WorkspaceTransaction) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    const result = await this.inner.run(workspaceId, work);
    if (result.ok) this.onCommit();
    return result;
  }

  runSystem<T, E>(work: (tx: SystemTransaction) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    return this.inner.runSystem(work);
  }

  read<T, E>(workspaceId: string, work: (tx: WorkspaceReader) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    return this.inner.read(workspaceId, work);
  }

  readSystem<T, E>(work: (tx: SystemReader) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    return this.inner.readSystem(work);
  }
}
