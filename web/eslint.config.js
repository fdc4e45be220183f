// Lint of the workspace in the browser (web/): typed rules, the rules of hooks, and no literal UI
// string outside the message catalogues (src/i18n/locales): every word a person reads comes from
// zh-CN.json or en.json. The server's layer rules do not apply here.
import i18next from 'eslint-plugin-i18next';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export default tseslint.config(
  { ignores: ['dist/**', 'eslint.config.js'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { project: path.join(here, 'tsconfig.json'), tsconfigRootDir: here },
    },
    plugins: { '@typescript-eslint': tseslint.plugin, 'react-hooks': reactHooks, i18next },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false, arguments: false } }],
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-debugger': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['src/**/*.tsx'],
    rules: {
      // Text between tags.
      'i18next/no-literal-string': ['error', { mode: 'jsx-text-only', words: { exclude: ['[0-9!-/:-@[-`{-~\\s×·—–→✓；：、（）“”¥]+'] } }],
      // Text in the attributes people read, and string literals put between tags as expressions.
      'no-restricted-syntax': [
        'error',
        {
          selector: 'JSXAttribute[name.name=/^(title|placeholder|aria-label|alt|label|description|extra|submitLabel|okText|cancelText|tooltip|content|message)$/] > Literal[value=/[A-Za-z\\u4e00-\\u9fff]/]',
          message: 'UI text comes from the message catalogues (src/i18n/locales): use t().',
        },
        {
          selector: ':matches(JSXElement, JSXFragment) > JSXExpressionContainer > Literal[value=/[A-Za-z\\u4e00-\\u9fff]/]',
          message: 'UI text comes from the message catalogues (src/i18n/locales): use t().',
        },
      ],
    },
  },
);
