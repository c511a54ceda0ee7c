/** The chaos run alone (`npm run test:chaos`): the workspace's jest settings, only test/chaos/. */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/chaos/**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
