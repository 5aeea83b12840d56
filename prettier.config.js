// @ts-check
/**
 * One formatter for code: Prettier (with .astro support). printWidth 120 is the widest a
 * side-by-side diff shows whole; why not 100: docs/decisions/017-lint-and-format.md.
 * @type {import('prettier').Config}
 */
export default {
  printWidth: 120,
  singleQuote: true,
  trailingComma: 'all',
  plugins: ['prettier-plugin-astro'],
  overrides: [{ files: '*.astro', options: { parser: 'astro' } }],
};
