// typescript-eslint with type information (projectService reads tsconfig.json),
// over everything tsc checks. Formatting is prettier's (npm run lint runs both).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", "data/"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ["*.mjs", "*.js", "scripts/*.js", "test/*.js", "bench/*.js"],
          // The plain JavaScript files (config, the start-up scripts that run before the build, jest's set-up):
          // a dozen small files, far from the size where the default project slows linting (the default limit is 8).
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 16,
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // An async function that does not await implements a promise-returning interface (handlers, fakes
      // of Telegram in unit tests): `async` states that more plainly than wrapping results in Promise.resolve.
      "@typescript-eslint/require-await": "off",
      // Passing on a caught value or an abort signal's reason unchanged is what those rejections are for.
      "@typescript-eslint/prefer-promise-reject-errors": ["error", { allowThrowingAny: true, allowThrowingUnknown: true }],
      // `void promise` marks a promise left to run on purpose (progress edits, event handlers).
      "@typescript-eslint/no-floating-promises": ["error", { ignoreVoid: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    // Tests read back the JSON files the code wrote and use jest's asymmetric matchers (expect.any,
    // expect.stringMatching), all typed any: there a wrong field fails the assertion itself.
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
    },
  },
  {
    // Plain JavaScript (scripts, jest set-up): Node's globals, no type-aware rules.
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { require: "readonly", module: "writable", process: "readonly", console: "readonly", __dirname: "readonly" } },
    rules: { ...tseslint.configs.disableTypeChecked.rules, "@typescript-eslint/no-require-imports": "off" },
  },
);
