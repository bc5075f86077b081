import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.swc/**', 'data/**', 'coverage/**', 'miniprogram/types/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // tests read loosely typed JSON answers on purpose
    files: ['**/*.test.ts', '**/test/**/*.ts', '**/e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // a module's door hands out functions and views, never its Sequelize models (dependency-cruiser checks the rest)
    files: ['server/src/modules/*/index.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ExportNamedDeclaration[source.value=/\\.model$/]',
          message: 'A module door never exports models: export a function or a view type instead.',
        },
        {
          selector: 'ExportAllDeclaration',
          message: 'A module door lists what it exports (export * would hand out models and internals).',
        },
      ],
    },
  },
  {
    // what ships to phones: NutUI through components/nutui.ts (per-component stylesheets), never the admin contracts,
    // never zod (contracts are imported as types; check:weapp also checks the bundle)
    files: ['miniprogram/src/**/*.ts', 'miniprogram/src/**/*.tsx'],
    ignores: ['miniprogram/src/components/nutui.ts', 'miniprogram/src/components/nutui-h5.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@nutui/nutui-react-taro', message: 'Import NutUI from components/nutui (one stylesheet each).' },
            { name: '@mall/shared/admin', message: 'Admin contracts never ship to phones.' },
            { name: 'zod', message: 'zod stays out of the mini-program bundle: import contracts as types.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
