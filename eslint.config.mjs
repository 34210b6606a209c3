// Lint: typescript-eslint (type-aware where it matters) plus the import boundaries of DESIGN.md:
// - renderer/ never imports main/ or Node built-ins, and only renderer/src/api touches window.bench;
// - preload/contract/ imports nothing platform-specific (no electron, node:*, serialport, typeorm).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = [
  'node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'net', 'http', 'https', 'stream',
  'url', 'util', 'events', 'buffer', 'worker_threads', 'zlib', 'readline', 'tty',
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-output/**', 'coverage/**', 'bench-data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/main/**', '../../main/*', '**/../main'], message: 'The renderer never imports main/: go through preload/contract and src/api.' },
          { group: nodeBuiltins, message: 'The renderer runs in a sandbox: no Node built-ins.' },
          { group: ['electron', 'serialport', 'typeorm', 'sqlite3'], message: 'Platform modules belong to main/.' },
          { group: ['**/preload/index', '**/preload/index.ts'], message: 'Use preload/contract types and src/api, not the preload itself.' },
        ],
      }],
    },
  },
  {
    // Habit 8: components -> store actions -> api/ -> window.bench. Only src/api may name window.bench.
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/src/api/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'window', property: 'bench', message: 'Only renderer/src/api touches window.bench.' }],
      'no-restricted-globals': ['error', { name: 'bench', message: 'Only renderer/src/api touches window.bench.' }],
    },
  },
  {
    files: ['preload/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'The contract is pure TypeScript: no Node built-ins.' },
          { group: ['electron', 'serialport', 'typeorm', 'sqlite3', 'react', 'react-dom'], message: 'The contract imports nothing platform-specific.' },
          { group: ['**/main/**', '**/renderer/**', '../index', '../index.ts'], message: 'The contract depends on nothing else in the project.' },
        ],
      }],
    },
  },
  {
    files: ['tests/**/*.ts', 'tests/**/*.tsx', '*.config.ts', '*.config.mjs', 'scripts/**/*'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // The `optic-bench` launcher is plain CommonJS run by Node before anything is built.
    files: ['bin/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
