// typescript-eslint's recommended, type-checked rules over src, scripts and test (`npm run lint`; CI runs it).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'examples/generated/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `_x` names a value left out on purpose (a rest sibling, an unused parameter of an interface).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true, caughtErrors: 'none' }],
      // Off: interfaces promise Promises (Apollo plugin hooks, EventLog, Lease, SlotScheduler); their
      // in-memory implementations are async without awaiting, and wrapping each in Promise.resolve says less.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests and the benchmark read GraphQL answers as untyped JSON on purpose (the shape is what they assert), and hand
    // methods to expect(); the unsafe-any family and unbound-method would flag every such line.
    files: ['test/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
