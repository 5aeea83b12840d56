// @ts-check
/**
 * Lint: typescript-eslint's type-aware rules (the real TypeScript checker decides what is a
 * promise) plus the layer rules of CONTRIBUTING.md as restricted imports. Why ESLint and not
 * Biome: docs/decisions/017-lint-and-format.md. Formatting is Prettier's job, not ESLint's.
 */
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';

/** Data (`db/`) is reached through `Astro.locals.db` and the domain, never from a route or a view. */
const noDatabaseFromRoutes = {
  // Regexes, not globs: a glob starting with # is read as a comment, and the aliases start with #.
  regex: '^(#db/|(\\.\\./)+db/)',
  message: 'Routes and views reach the database through Astro.locals.db and src/lib (CONTRIBUTING.md, layers).',
};

/** The domain knows no framework and no screen (docs/decisions/016-layers.md); it imports `zod` itself. */
const noFrameworkFromDomain = [
  {
    regex: '^astro([:/].*)?$',
    message: 'src/lib knows no framework: read Astro in src/adapters/ or the route and pass plain data in.',
  },
  {
    regex: '^(#components/|#layouts/|#adapters/|(\\.\\./)+(components|pages|layouts|adapters)/)',
    message: 'src/lib may not import views, routes or adapters (CONTRIBUTING.md, layers).',
  },
];

/**
 * Lines over 120 characters: Prettier wraps code at 120 but cannot wrap comments, strings, SQL in
 * template literals or template text, so max-len holds what it leaves (decision 017). URLs, regex
 * literals and import lines are exempt (none can be split without harm).
 */
/** @type {import('eslint').Linter.RuleEntry} */
const maxLen = [
  'error',
  {
    code: 120,
    ignoreUrls: true,
    ignoreRegExpLiterals: true,
    ignorePattern: '^\\s*import\\s.+\\sfrom\\s',
  },
];

/** @type {import('eslint').Linter.RulesRecord} */
const typeAwareRules = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': 'error',
  '@typescript-eslint/await-thenable': 'error',
  // Input sanitising matches control characters on purpose (redirects, lesson safety, logs).
  'no-control-regex': 'off',
  '@typescript-eslint/no-unused-vars': [
    'error',
    { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
  ],
};

export default defineConfig(
  {
    ignores: [
      'dist/**',
      'builds/**',
      '.astro/**',
      'node_modules/**',
      'data/**',
      'db/migrations/**',
      'bench/results/**',
      'public/branding/**',
      'courses/**',
      'tests/fixtures/**',
      '.dist-*/**',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  astro.configs.recommended,
  {
    files: ['**/*.{ts,mts,js,mjs}'],
    languageOptions: {
      parserOptions: {
        // tsconfig's "**/*" skips dot folders: the one route under .well-known is checked on its own.
        projectService: { allowDefaultProject: ['src/pages/.well-known/*.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      ...typeAwareRules,
      'no-undef': 'off', // TypeScript knows the globals better.
    },
  },
  {
    // The frontmatter and scripts of .astro files: the same type-aware rules, with types from
    // astro-eslint-parser's virtual TSX (see decision 017 for what is and is not covered).
    files: ['**/*.astro'],
    languageOptions: {
      parserOptions: {
        parser: tseslint.parser,
        project: './tsconfig.json',
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.astro'],
      },
    },
    rules: { ...typeAwareRules, 'no-undef': 'off' },
  },
  {
    // Fixtures read from YAML and JSON in tests and the bench are loosely typed on purpose.
    files: ['tests/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Routes and views, and the adapters they call, get the database from Astro.locals.db.
    files: ['src/pages/**', 'src/components/**', 'src/layouts/**', 'src/middleware.ts', 'src/adapters/**'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [noDatabaseFromRoutes] }],
    },
  },
  {
    files: ['src/lib/**'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: noFrameworkFromDomain }],
    },
  },
  {
    files: ['**/*.{ts,mts,js,mjs,astro}'],
    rules: { 'max-len': maxLen },
  },
);
