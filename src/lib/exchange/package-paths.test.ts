import { describe, expect, it } from 'vitest';
import { asciiPath, packageAsset } from './package-paths.ts';

describe('file names in a package', () => {
  it('are ASCII, and two Kazakh names stay apart', () => {
    const a = asciiPath('course/Сурет 1.png');
    const b = asciiPath('course/Кесте 1.png');
    expect(a).toMatch(/^course\/[A-Za-z0-9._-]+\.png$/);
    expect(b).toMatch(/^course\/[A-Za-z0-9._-]+\.png$/);
    expect(a).not.toBe(b);
    expect(asciiPath('course/plan-1.pdf')).toBe('course/plan-1.pdf');
    expect(asciiPath('course/Үлестірме')).toMatch(/^course\/_+-[0-9a-f]{8}$/);
  });
});

describe('a link to a course file', () => {
  it('names the built file and its ASCII place in the package, raw or percent-encoded alike', () => {
    const raw = packageAsset('/course-assets/urbanism/Қала картасы.png');
    const encoded = packageAsset(`/course-assets/urbanism/${encodeURIComponent('Қала картасы.png')}?v=2#x`);
    expect(raw).toEqual({ source: '/course-assets/urbanism/Қала картасы.png', file: expect.any(String) });
    expect(raw!.file).toMatch(/^assets\/urbanism\/[A-Za-z0-9._-]+\.png$/);
    expect(encoded).toEqual(raw);
    expect(packageAsset('/course-assets/urbanism/plan.pdf#page=2')).toEqual({
      source: '/course-assets/urbanism/plan.pdf',
      file: 'assets/urbanism/plan.pdf',
    });
  });

  it('is not one when it leaves the course files or is another link', () => {
    expect(packageAsset('/course-assets/urbanism/../../server/entry.mjs')).toBeUndefined();
    expect(packageAsset('/course-assets/urbanism/%2e%2e/x.png')).toBeUndefined();
    expect(packageAsset('/course-assets/urbanism//x.png')).toBeUndefined();
    expect(packageAsset('/kk/courses/urbanism/')).toBeUndefined();
    expect(packageAsset('https://example.org/course-assets/x.png')).toBeUndefined();
  });

  it('keeps a malformed escape as written', () => {
    expect(packageAsset('/course-assets/urbanism/100%.png')?.source).toBe('/course-assets/urbanism/100%.png');
  });
});
