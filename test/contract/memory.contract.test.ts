import { MemoryUnitOfWork } from "../../src/adapters/memory/memory-unit-of-work.js";
import { describeUnitOfWorkContract } from "./unit-of-work.contract.js";
import { describeIntakeRepositoryContract } from "./intake-repositories.contract.js";

describeUnitOfWorkContract("memory", async () => ({ uow: new MemoryUnitOfWork(), close: () => undefined }));
describeIntakeRepositoryContract("memory", async () => ({ uow: new MemoryUnitOfWork(), close: () => undefined }));
