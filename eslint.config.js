// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Type-aware linting of the server, the browser client and the tests: the rules that catch
// real bugs (floating promises, misused promises, unsafe any) on top of the recommended set.
export default tseslint.config(
  { ignores: ['dist/', 'public/js/', 'src/generated/', 'coverage/', '.services/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['eslint.config.js', 'vitest.config.ts', 'vitest.faults.config.ts'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      // Callback APIs (express, passport, express-session) hand over errors typed unknown.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // The in-memory twins (bus, rate limiter, presence) implement async interfaces without awaiting.
      '@typescript-eslint/require-await': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // supertest bodies and vitest's asymmetric matchers (expect.any, expect.stringMatching) are
    // `any` by design; test ws clients use the default binaryType, so frames are Buffers.
    files: ['tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
