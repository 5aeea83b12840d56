import { describe, expect, it } from 'vitest';
import { packageFileName, packageName, parsePackageName } from './package-name.ts';

describe('package names in the trainer’s download links', () => {
  it('read a format and a language, and nothing else', () => {
    expect(parsePackageName('scorm12-kk')).toEqual({ format: 'scorm12', language: 'kk' });
    expect(parsePackageName('cc-en')).toEqual({ format: 'cc', language: 'en' });
    for (const bad of ['scorm12-de', 'pdf-kk', 'cc', 'cc-kk/../x', '', undefined])
      expect(parsePackageName(bad)).toBeNull();
    expect(packageName({ format: 'scorm2004', language: 'ru' })).toBe('scorm2004-ru');
  });

  it('name the downloaded file by course, language and format', () => {
    expect(packageFileName('urbanism', { format: 'scorm12', language: 'kk' })).toBe('urbanism-kk.scorm12.zip');
    expect(packageFileName('urbanism', { format: 'cc', language: 'en' })).toBe('urbanism-en.imscc');
  });
});
