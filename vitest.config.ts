import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["generator/src/**/*.test.ts", "packages/*/src/**/*.test.ts", "test/**/*.test.ts"],
    // Two cores: one fork per core keeps spawned CLI processes from starving each other.
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 30_000,
  },
});
