import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/build/**', '**/dist/**', '.venv/**', '.local/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // command-line entry points and benchmarks print for people
    files: ['scripts/**', 'infra/**/*-cli.ts', 'infra/local/dev-stack.ts', '**/bench/**', '**/*.cjs', '*.js'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The API client core runs in the browser (the console's bundle) and in Node (the CLI):
    // its own modules and the model's types only (the model's code brings the AWS SDK).
    files: ['packages/api-client/src/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@spot-provisioner/model', allowTypeImports: true, message: 'import types only: the model brings the AWS SDK into the browser bundle' }],
          patterns: [{ regex: '^(?!\\./|@spot-provisioner/model$)', message: 'the client core runs in the browser and in Node: no Node built-ins or other packages' }],
        },
      ],
    },
  },
);
