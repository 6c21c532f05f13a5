import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Every report.json a test writes is validated against the published schema; a Node warning fails a test.
    setupFiles: ['./test/setup/validate-reports.ts', './test/setup/no-process-warnings.ts'],
    // Integration tests share real services (PostgreSQL, Redis, RabbitMQ…); two cores here.
    maxWorkers: 2,
    reporters: ['default', './test/plain-summary-reporter.ts'],
  },
});
