/** Browser tests: Debian's Chromium driven by playwright-core against the H5 build served by the real api. */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  testMatch: ['<rootDir>/server/e2e/**/*.e2e.ts'],
  globalSetup: '<rootDir>/server/test/global-setup.ts',
  testTimeout: 120_000,
};
