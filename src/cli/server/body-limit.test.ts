/** A streamed body is counted as it is read and fails past its cap; nothing is collected. */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { bodyLimitFor, countedBody, DEFAULT_BODY_LIMIT, streamsBody } from './body-limit.mjs';

async function total(source: AsyncIterable<Buffer>): Promise<number> {
  let bytes = 0;
  for await (const chunk of source) bytes += chunk.length;
  return bytes;
}

const parts = (n: number, size: number) => Readable.from(Array.from({ length: n }, () => Buffer.alloc(size)));

describe('countedBody', () => {
  it('passes a body within its cap through', async () => {
    expect(await total(countedBody(parts(4, 1000), 4000))).toBe(4000);
  });
  it('fails as soon as the body grows past its cap', async () => {
    await expect(total(countedBody(parts(5, 1000), 4000))).rejects.toThrow(/over its cap of 4000/);
  });
  it('streams no route that has not asked for it', () => {
    expect(streamsBody('/en/login')).toBe(false);
  });
});

describe('bodyLimitFor', () => {
  it('gives the verify form its larger cap at every address it has', () => {
    for (const path of ['/verify', '/verify/', '/kk/verify', '/ru/verify/', '/en/verify'])
      expect(bodyLimitFor(path), path).toBe(1024 * 1024);
    for (const path of ['/de/verify', '/kk/verify/ABCD-EFGH-JKMN', '/en/login'])
      expect(bodyLimitFor(path), path).toBe(DEFAULT_BODY_LIMIT);
  });
});
