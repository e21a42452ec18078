import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Generated code that tests write and import (under .test-out/) runs on the runtime's source.
    alias: [
      {
        find: /^@segkit\/runtime$/,
        replacement: fileURLToPath(new URL("packages/runtime/src/index.ts", import.meta.url)),
      },
      // Subpaths (`@segkit/runtime/validation`) map to their source files.
      {
        find: /^@segkit\/runtime\/(.+)$/,
        replacement: fileURLToPath(new URL("packages/runtime/src/$1.ts", import.meta.url)),
      },
    ],
  },
  test: {
    include: ["generator/src/**/*.test.ts", "packages/*/src/**/*.test.ts", "test/**/*.test.ts"],
    // Two cores: one fork per core keeps spawned CLI processes from starving each other.
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 30_000,
    // Hooks that run segkit as a process (beforeAll of the report tests) wait on a busy machine too.
    hookTimeout: 60_000,
  },
});
