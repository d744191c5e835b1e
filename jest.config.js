/** Unit tests sit beside the package they test (packages/<name>/test/*.test.ts);
 * integration tests (real git, real gitleaks, test servers) are *.itest.ts, run by the same `npm test`. */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/packages/*/test/**/*.(test|itest).ts', '<rootDir>/test/**/*.(test|itest).ts'],
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  // ESM-only dependencies are transpiled to CommonJS for jest.
  transformIgnorePatterns: ['/node_modules/(?!(@keycloak|@microsoft|tinyduration|@std|@gitbeaker|url-join|camelize-ts|url-template|universal-user-agent|xcase|qs|rate-limiter-flexible|picomatch)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testTimeout: 120000,
  maxWorkers: 2,
};
