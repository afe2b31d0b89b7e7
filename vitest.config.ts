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
    setupFiles: ["test/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
