// The outbox's administration use cases have a file each; this path stays for code that imported them from here.
export { ListOutboxMessages } from "./list-outbox-messages.js";
export { RetryOutboxMessage } from "./retry-outbox-message.js";
export { RetryFailedOutboxMessages } from "./retry-failed-outbox-messages.js";
