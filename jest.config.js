/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // Type checking is done once by `tsc --noEmit` in `npm test`; ts-jest only transpiles.
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  testTimeout: 30000,
  globalSetup: "<rootDir>/test/globalSetup.js",
  globalTeardown: "<rootDir>/test/globalTeardown.js",
  // The plugin SDK, as plugins import it (see tsconfig "paths" and package.json "exports").
  moduleNameMapper: {
    "^contact-userbot/sdk$": "<rootDir>/src/sdk/index.ts",
    "^contact-userbot/sdk/testing$": "<rootDir>/src/sdk/testing.ts",
  },
};
