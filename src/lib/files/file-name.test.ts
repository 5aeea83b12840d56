import { describe, expect, it } from 'vitest';
import { cleanFileName, downloadName, MAX_FILE_NAME_LENGTH } from './file-name.ts';

describe('cleanFileName', () => {
  it('keeps letters of every script', () => {
    expect(cleanFileName('Мүдделі тараптар картасы.pdf', 'file')).toBe('Мүдделі тараптар картасы.pdf');
  });
  it('drops path parts of either kind of slash', () => {
    expect(cleanFileName('../../etc/passwd', 'file')).toBe('passwd');
    expect(cleanFileName('C:\\Users\\a\\map.png', 'file')).toBe('map.png');
  });
  it('drops control and bidirectional characters and header-breaking quotes', () => {
    expect(cleanFileName('a\r\nb\u0000"c\u202egpj.exe', 'file')).toBe('ab_cgpj.exe');
  });
  it('drops leading dots and falls back when nothing is left', () => {
    expect(cleanFileName('.htaccess', 'file')).toBe('htaccess');
    expect(cleanFileName('/../', 'file')).toBe('file');
    expect(cleanFileName('\u0007', 'file')).toBe('file');
  });
  it('caps the length and keeps the extension', () => {
    const name = cleanFileName(`${'ә'.repeat(500)}.docx`, 'file');
    expect([...name]).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(name.endsWith('.docx')).toBe(true);
  });
  it('names the download by the kind of its content', () => {
    expect(downloadName('map', 'pdf')).toBe('map.pdf');
    expect(downloadName('photo.JPEG', 'jpg')).toBe('photo.JPEG');
    expect(downloadName('photo.png', 'pdf')).toBe('photo.png.pdf');
  });
});
