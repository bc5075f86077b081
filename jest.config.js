/** Server and shared tests run against real MariaDB and Redis; see README "Tests". */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  testMatch: [
    '<rootDir>/server/**/*.test.ts',
    '<rootDir>/shared/**/*.test.ts',
    // the mini-program's pure rules (order actions, the after-sales form, regions, specs)
    '<rootDir>/miniprogram/src/**/*.test.ts',
  ],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  globalSetup: '<rootDir>/server/test/global-setup.ts',
  testTimeout: 30_000,
};
