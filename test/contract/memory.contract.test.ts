import { MemoryUnitOfWork } from "../../src/adapters/memory/memory-unit-of-work.js";
import { describeUnitOfWorkContract } from "./unit-of-work.contract.js";
import { describeIntakeRepositoryContract } from "./intake-repositories.contract.js";
import { describeNotificationStorageContract } from "./notifications.contract.js";
import { describeSigningKeyContract } from "./signing-keys.contract.js";
import { describeInquiryListingContract } from "./inquiry-listing.contract.js";
import { describeCatalogContract } from "./catalog.contract.js";
import { describeIdempotencyContract } from "./idempotency.contract.js";

const makeMemory = async () => ({ uow: new MemoryUnitOfWork(), close: () => undefined });
describeUnitOfWorkContract("memory", makeMemory);
describeIntakeRepositoryContract("memory", makeMemory);
describeNotificationStorageContract("memory", makeMemory);
describeSigningKeyContract("memory", makeMemory);
describeInquiryListingContract("memory", makeMemory);
describeCatalogContract("memory", makeMemory);
describeIdempotencyContract("memory", makeMemory);
