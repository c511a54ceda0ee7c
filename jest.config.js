/**
 * One jest run for the whole workspace: unit specs beside the code (libs, services, tools), e2e suites in each
 * service's test/.
 */
const swcConfig = {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/services', '<rootDir>/tools', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  // The chaos run is a soak of the whole scaled system (minutes): `npm run test:chaos` runs it, and CI after
  // `npm test`, so the everyday run stays within its time budget.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/chaos/'],
  transform: { '^.+\\.ts$': ['@swc/jest', swcConfig] },
  moduleNameMapper: {
    '^@ticketonomics/(bus-auth|contracts|messaging|partitions|persistence|runtime|sdk|telegram-emulator|testing)$':
      '<rootDir>/libs/$1/src/index.ts',
    '^@ticketonomics/demo$': '<rootDir>/tools/demo/src/index.ts',
  },
  testTimeout: 60000,
  setupFiles: ['reflect-metadata'],
};
