// @ts-check
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// A route declares its parameters and query in zod (platform/route-schemas.ts): the handler gets them typed.
const noParamCasts = {
  selector: 'TSAsExpression > MemberExpression[property.name=/^(params|query)$/]',
  message: 'Declare the route schema (withParams, schema.querystring) instead of casting request.params or request.query.',
};

export default defineConfig(
  {
    ignores: ['node_modules/', 'dist/', 'scratch/', 'public/build/', 'data/', 'src/db/migrations/', 'test-results/', 'playwright-report/'],
  },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's describe/test return promises the runner itself awaits.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'test', 'it', 'suite'] }] },
      ],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
      'no-restricted-syntax': ['error', noParamCasts],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }] },
  },
  {
    // The unit tests' files share a process (scripts/unit.ts), where a hook outside any suite
    // would run for all of them at once: before every file's tests, or after them all.
    files: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        noParamCasts,
        {
          selector: 'Program > ExpressionStatement > CallExpression[callee.name=/^(before|after|beforeEach|afterEach)$/]',
          message: 'Put the hook inside a describe(): test files share a process, so a top-level hook would run for every file.',
        },
      ],
    },
  },
  {
    // Plain browser JavaScript, served as written: checked without type information.
    files: ['public/**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      sourceType: 'module',
      globals: {
        self: 'readonly',
        caches: 'readonly',
        clients: 'readonly',
        fetch: 'readonly',
        Response: 'readonly',
        Request: 'readonly',
        URL: 'readonly',
        navigator: 'readonly',
        document: 'readonly',
        window: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        MessageChannel: 'readonly',
        Headers: 'readonly',
        HTMLElement: 'readonly',
        HTMLInputElement: 'readonly',
        HTMLTextAreaElement: 'readonly',
        Date: 'readonly',
        Intl: 'readonly',
        URLSearchParams: 'readonly',
        FormData: 'readonly',
        CustomEvent: 'readonly',
      },
    },
  },
);
