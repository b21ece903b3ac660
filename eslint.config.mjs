// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Modules that only bot/ may import: src/ stays free of the Teams SDK (DESIGN.md). */
const teamsSdkOnlyInBot = {
  patterns: [
    {
      group: ['botbuilder', 'botbuilder-*', 'botframework-*', '@microsoft/teams-ai', '@microsoft/teams-ai/*'],
      message: 'Only bot/ may import the Teams SDK; keep src/ SDK-free.',
    },
    {
      group: ['**/bot', '**/bot/*', '**/bot/**'],
      message: 'src/ must not depend on bot/; dependencies point bot -> src.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'coverage/**', 'devTools/**', '**/*.js', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: ['src/**/*.ts', 'cards/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', teamsSdkOnlyInBot] },
  },
  { files: ['eslint.config.mjs'], ...tseslint.configs.disableTypeChecked },
);
