import { expect, test } from 'vitest';
import { buildHeapFlags } from './build-heap.ts';

test('the Astro build gets a 1 GB heap cap by default, the one asked for, or none when NODE_OPTIONS sets one', () => {
  for (const unset of [{}, { OQU_BUILD_HEAP_MB: '' }, { OQU_BUILD_HEAP_MB: '  ' }])
    expect(buildHeapFlags(unset)).toEqual(['--max-old-space-size=1024']);
  expect(buildHeapFlags({ OQU_BUILD_HEAP_MB: ' 3072 ' })).toEqual(['--max-old-space-size=3072']);
  expect(buildHeapFlags({ NODE_OPTIONS: '--max-old-space-size=4096', OQU_BUILD_HEAP_MB: '3072' })).toEqual([]);
});

test('a heap cap that is not a whole number of MB, or too small to build, stops the build with a clear message', () => {
  for (const bad of ['12', 'lots', '1.5'])
    expect(() => buildHeapFlags({ OQU_BUILD_HEAP_MB: bad })).toThrow(/OQU_BUILD_HEAP_MB must be a whole number/);
});
