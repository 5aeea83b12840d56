import { describe, expect, it } from 'vitest';
import { assetProblem } from './asset-kinds.ts';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f' +
    '0005fe02fea7d6a5d20000000049454e44ae426082',
  'hex',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('assetProblem', () => {
  it('accepts files whose content is what their name says', async () => {
    expect(await assetProblem('plan.png', PNG, 'imported')).toBeNull();
    expect(await assetProblem('handout.pdf', PDF, 'imported')).toBeNull();
    expect(await assetProblem('data.csv', Buffer.from('name,count\nелтаңба,3\n'), 'imported')).toBeNull();
    expect(await assetProblem('notes.md', Buffer.from('# Notes\n'), 'imported')).toBeNull();
  });

  it('refuses kinds that are not allowed, and content that is not what its name says', async () => {
    expect(await assetProblem('evil.js', Buffer.from('alert(1)'), 'local')).toMatch(/"\.js" files are not allowed/);
    expect(await assetProblem('phish.html', Buffer.from('<form>'), 'local')).toMatch(/"\.html" files are not allowed/);
    expect(await assetProblem('photo.png', Buffer.from('<html><script>x</script>'), 'local')).toMatch(
      /its content is text.*"\.png"/,
    );
    expect(await assetProblem('photo.jpg', PNG, 'local')).toMatch(/its content is a \.png file/);
    expect(await assetProblem('readme.txt', Buffer.from('<!DOCTYPE html><p>x'), 'local')).toMatch(
      /holds a web page or script/,
    );
    expect(await assetProblem('data.csv', Buffer.from([0xff, 0xfe, 0x00, 0x41]), 'local')).toMatch(/not UTF-8 text/);
  });

  it('accepts SVG from local authors only', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>');
    expect(await assetProblem('plan.svg', svg, 'local')).toBeNull();
    expect(await assetProblem('plan.svg', svg, 'imported')).toMatch(/SVG images can carry script/);
  });
});
