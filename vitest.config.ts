import { defineConfig } from "vitest/config";

/**
 * The main suite. Tests that assert response times (`*.latency.test.ts`) run afterwards on their
 * own (vitest.latency.config.ts): beside other test files on two cores they would measure the
 * other files' load, not the server.
 */
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/**/*.latency.test.ts", "**/node_modules/**"],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup.ts"],
    // Worker threads start faster than processes. Test files share a worker's loaded modules
    // instead of importing Leadport afresh each (import time was most of a file's cost): src/
    // keeps no module-level state, and every test builds its own container, database and server.
    pool: "threads",
    isolate: false,
    // Vitest's default on two cores is one worker (cores - 1). Most of an end-to-end file's time
    // is spent waiting (on sockets, timers, a child process), so a second file runs in that time.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
