// Lint rules `npm test` enforces (npm run lint). Formatting is Prettier's job (npm run format:check);
// the layering and the absence of import cycles are dependency-cruiser's (.dependency-cruiser.cjs).
// TypeScript is linted with type information (the rules that need it: a promise nobody awaits, an
// `await` of something that is not a promise, an `any` that leaks), through the project's tsconfig.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** At most 80 lines a function: it fits on a screen. */
const screenful = { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: false, skipComments: false, IIFEs: true }] };

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'tests/artifacts/**', '.tap/**', 'data/**', 'release/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // An async function without `await` is how a promise-returning interface is implemented here
      // (fastify plugins, transports, simulators); a promise left unawaited is no-floating-promises'.
      '@typescript-eslint/require-await': 'off',
      // The card parser's rejections are control flow caught within the parser (card-payload.ts): a
      // plain object, so a rejected read does not pay for a stack trace.
      '@typescript-eslint/only-throw-error': ['error', { allow: [{ from: 'file', name: 'Reject', path: 'daemon/src/parse/card-payload.ts' }] }],
    },
  },
  {
    // Functions fit on a screen in the product code and the pages (tests may run a long scenario top to bottom).
    files: ['daemon/**/*.ts', 'drivers/**/*.ts', 'hub/**/*.ts', 'protocols/**/*.ts', 'simulators/**/*.ts', 'kiosk-ui/**/*.js'],
    rules: screenful,
  },
  {
    // The pages are plain browser scripts checked by // @ts-check against the wire contract.
    files: ['kiosk-ui/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: globals.node } },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      // tap runs the subtests a file declares at its top level in order and waits for each.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafePromises: [{ from: 'package', package: '@tapjs/core', name: 'PromiseWithSubtest' }] },
      ],
      // A test's stand-in server may take an async handler: a throw in it fails the test either way.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      // Tests print spreadsheet cells, which can be objects (rich text): "[object Object]" then fails the assertion.
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
);
