import { describe, expect, test } from 'vitest';
import { vimeoId, youtubeId } from './video-id.ts';

describe('youtubeId', () => {
  test.each([
    ['dQw4w9WgXcQ', 'dQw4w9WgXcQ'],
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'dQw4w9WgXcQ'],
    ['https://www.youtube.com/watch?list=PL1&v=dQw4w9WgXcQ&t=42s', 'dQw4w9WgXcQ'],
    ['https://youtu.be/dQw4w9WgXcQ?si=abc', 'dQw4w9WgXcQ'],
    ['youtu.be/dQw4w9WgXcQ', 'dQw4w9WgXcQ'],
    ['https://m.youtube.com/shorts/dQw4w9WgXcQ', 'dQw4w9WgXcQ'],
    ['https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ', 'dQw4w9WgXcQ'],
  ])('%s', (input, id) => expect(youtubeId(input)).toBe(id));

  test.each([
    '',
    'dQw4w9WgXc',
    'https://example.com/watch?v=dQw4w9WgXcQ',
    'https://www.youtube.com/channel/UC123',
    'not an id',
  ])('refuses %j', (input) => expect(youtubeId(input)).toBeUndefined());
});

describe('vimeoId', () => {
  test.each([
    ['76979871', '76979871'],
    ['https://vimeo.com/76979871', '76979871'],
    ['https://player.vimeo.com/video/76979871?h=1', '76979871'],
  ])('%s', (input, id) => expect(vimeoId(input)).toBe(id));
  test('refuses other hosts', () => expect(vimeoId('https://example.com/76979871')).toBeUndefined());
});
