// ESLint with typescript-eslint's type-aware rules (no floating promises: this code is all async).
// ESLint and typescript-eslint live in tools/eslint/ with their own lock file: typescript-eslint
// needs TypeScript's JavaScript API (typescript <6.1), which the TypeScript 7 of the build no
// longer ships, and the two cannot both be this package's `typescript`. `npm run lint` installs
// them there when missing.
import { createRequire } from 'node:module';

const require = createRequire(new URL('./tools/eslint/package.json', import.meta.url));
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

export default tseslint.config(
  { ignores: ['dist/', 'bench/', 'tools/', 'fixtures/', 'node_modules/', 'eslint.config.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests parse JSON documents (run files, API answers) and assert on them: an `any` there is
    // checked by the assertion itself. Promise rules stay on.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // Fakes of async interfaces (a client, a sleep) are async without awaiting anything.
      '@typescript-eslint/require-await': 'off',
      // A Vitest hook takes its suite second and refuses a first argument that is not a pattern:
      // `beforeAll(({}, file) => …)`.
      'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }],
    },
  },
);
