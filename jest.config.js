/** ts-jest with isolatedModules: the suite type-checks once with `tsc --noEmit` (npm test) instead of per file. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { isolatedModules: true }],
  },
  testTimeout: 60000,
};
