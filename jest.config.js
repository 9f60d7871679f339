/** tsconfig sets isolatedModules, so ts-jest transpiles each file alone; `npm test` type-checks once with `tsc --noEmit`. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', {}],
  },
  testTimeout: 60000,
};
