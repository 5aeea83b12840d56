/**
 * The V8 heap cap of the Astro build, in MB: V8 sizes its heap from the machine's memory and keeps garbage it may
 * keep, so an uncapped build of 1,000 lessons peaked at 1.7 GB where 1.4 GB does (docs/benchmarks.md). The cap is
 * the default; `OQU_BUILD_HEAP_MB` changes it, and a `--max-old-space-size` in NODE_OPTIONS wins.
 */
export function buildHeapFlags(env: Record<string, string | undefined>): string[] {
  if (/--max-old-space-size/.test(env.NODE_OPTIONS ?? '')) return [];
  const text = env.OQU_BUILD_HEAP_MB?.trim() || '1024'; // empty is unset, as for every other setting
  const mb = Number(text);
  if (!Number.isInteger(mb) || mb < 256)
    throw new Error(`OQU_BUILD_HEAP_MB must be a whole number of MB, 256 or more (it is "${text}")`);
  return [`--max-old-space-size=${mb}`];
}
