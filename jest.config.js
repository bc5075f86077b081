/** Server and shared tests run against real MariaDB and Redis; see README "Tests". */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  testMatch: ['<rootDir>/server/**/*.test.ts', '<rootDir>/shared/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  globalSetup: '<rootDir>/server/test/global-setup.ts',
  testTimeout: 30_000,
};
