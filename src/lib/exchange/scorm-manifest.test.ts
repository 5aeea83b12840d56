import { describe, expect, it } from 'vitest';
import { scormManifestErrors } from '../../../tests/helpers/scorm-xsd.ts';
import { manifestTitle, scorm12Manifest, scorm2004Manifest, xmlId, type ScormManifest } from './scorm-manifest.ts';

const manifest: ScormManifest = {
  identifier: 'oqu-urbanism-kk',
  title: 'Қала & тұрғындар: <урбанистика>',
  shared: ['oqu/oqu.css', 'oqu/runtime.js'],
  items: [
    { id: 'public-space', title: 'Қоғамдық кеңістік', href: 'lessons/01-public-space.html', files: ['assets/a.png'] },
    { id: '2-cycle', title: 'Велосипед жолдары', href: 'lessons/02-2-cycle.html', files: [], masteryScore: 70 },
  ],
};

describe('the SCORM 1.2 manifest', () => {
  it('is valid against the official schema files, Kazakh and markup characters included', async () => {
    const xml = scorm12Manifest(manifest);
    expect(await scormManifestErrors(xml)).toEqual([]);
    expect(xml).toContain('Қала &amp; тұрғындар: &lt;урбанистика&gt;');
    expect(xml).toContain('<adlcp:masteryscore>70</adlcp:masteryscore>');
  });

  it('is refused by the validator when broken (the check can fail)', async () => {
    const broken = scorm12Manifest(manifest).replace('<organizations default="course">', '<organizations>x');
    expect((await scormManifestErrors(broken)).length).toBeGreaterThan(0);
  });

  it('keeps titles within the 200 characters of the schema', async () => {
    const long = 'Қоғамдық кеңістіктер '.repeat(20);
    expect(manifestTitle(long).length).toBeLessThanOrEqual(200);
    expect(manifestTitle(long).endsWith('…')).toBe(true);
    expect(await scormManifestErrors(scorm12Manifest({ ...manifest, title: long }))).toEqual([]);
  });

  it('is valid as SCORM 2004 4th edition, a pass mark as the primary objective', async () => {
    const xml = scorm2004Manifest(manifest);
    expect(await scormManifestErrors(xml, 'scorm2004')).toEqual([]);
    expect(xml).toContain('<imsss:minNormalizedMeasure>0.70</imsss:minNormalizedMeasure>');
    const broken = xml.replace('adlcp:scormType="sco"', 'adlcp:scormType="lesson"');
    expect((await scormManifestErrors(broken, 'scorm2004')).length).toBeGreaterThan(0);
  });

  it('makes identifiers the schema accepts', () => {
    expect(xmlId('2-cycle')).toBe('_2-cycle');
    expect(xmlId('a b/c')).toBe('a_b_c');
  });
});
