// ESLint holds the layers: src/core and src/engine stay pure (no React, Dexie,
// ECharts, Comlink, DOM-only or Node-only modules) so they run in Node and in a Worker.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const shellOnly = ['react', 'react-dom', 'react-dom/*', 'dexie', 'echarts', 'echarts/*', 'comlink', 'comlink/*', 'zustand', 'zustand/*'];

export default tseslint.config(
  { ignores: ['dist/**', 'dist-*/**', 'node_modules/**', 'results/**', 'test-results/**', 'test-results-*/**', 'playwright-report/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports: one concept per file, named for its export.' },
      ],
    },
  },
  {
    // Tool configs are loaded by their tools through a default export.
    files: ['*.config.js', '*.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['src/core/**/*.ts', 'src/engine/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: shellOnly.filter((p) => !p.includes('*')).map((name) => ({
            name,
            message: 'src/core and src/engine are pure TypeScript: shells (UI, workers, storage) import them, never the other way round.',
          })),
          patterns: [
            { group: shellOnly.filter((p) => p.includes('*')), message: 'Keep shell libraries out of core/engine.' },
            { group: ['node:*', 'fs', 'path', 'os', 'worker_threads', 'zlib'], message: 'core/engine must also run in a Web Worker: no Node built-ins.' },
            { group: ['**/app/**', '**/shell/**', '**/workers/**', '**/storage-idb/**'], message: 'core/engine must not import shell code.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'window', message: 'No DOM in core/engine.' },
        { name: 'document', message: 'No DOM in core/engine.' },
        { name: 'localStorage', message: 'No DOM in core/engine.' },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...shellOnly.filter((p) => !p.includes('*')), 'papaparse'].map((name) => ({ name, message: 'src/core is the pure Events Module.' })),
          patterns: [
            { group: shellOnly.filter((p) => p.includes('*')), message: 'Keep shell libraries out of core.' },
            { group: ['node:*', 'fs', 'path', 'os', 'worker_threads', 'zlib'], message: 'core must also run in a Web Worker: no Node built-ins.' },
            { group: ['**/engine/**', '../engine', '../engine/*'], message: 'The engine builds on the core, not the other way round.' },
            { group: ['**/app/**', '**/shell/**', '**/workers/**'], message: 'core must not import shell code.' },
          ],
        },
      ],
    },
  },
);
