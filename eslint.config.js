// Lint: type-aware rules everywhere (floating promises are errors) and the workflow sandbox
// enforced: code that runs inside workflows (workflows/ and the pure rules in domain/) may not
// import Node built-ins, the database, the web framework or activity implementations.
const tseslint = require('typescript-eslint');
const { builtinModules } = require('node:module');

const nodeBuiltins = builtinModules.flatMap((m) => [m, `node:${m}`]);

module.exports = tseslint.config(
  { ignores: ['dist/**', 'generated/**', 'node_modules/**', '.tools/**', '.data/**', 'eslint.config.js', 'jest.config.js', 'coverage/**', 'web/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: __dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      'no-debugger': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({ name, message: 'Workflow code runs in a deterministic sandbox: no Node built-ins.' })),
            { name: 'express', message: 'No web framework in workflow code.' },
            { name: '@prisma/client', message: 'No database access in workflow code: use an activity.' },
            { name: '@temporalio/client', message: 'Workflows do not use the client.' },
            { name: '@temporalio/worker', message: 'Workflows do not use the worker.' },
            { name: '@temporalio/activity', message: 'Workflows do not import activity code.' },
          ],
          patterns: [
            { group: ['**/generated/**', '**/db/**', '**/services/**', '**/api/**'], message: 'Workflow code may not reach I/O modules.' },
            { group: ['**/activities/**'], message: 'Import activities as types only (import type).', allowTypeImports: true },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'Use sleep() or condition() from @temporalio/workflow.' }],
    },
  },
);
