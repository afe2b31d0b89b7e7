import { defineConfig } from "vitest/config";

/** Response-time tests, one file at a time so that no other test file loads the machine meanwhile. */
export default defineConfig({
  test: {
    include: ["test/**/*.latency.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
