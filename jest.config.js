/** Jest runs TypeScript through SWC (transpile only); `npm test` type-checks with tsc first. */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  setupFiles: ['<rootDir>/test/support/no-network.ts'],
  testTimeout: 30000,
  maxWorkers: 2,
};
