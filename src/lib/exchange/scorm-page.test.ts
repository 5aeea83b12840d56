import { describe, expect, it } from 'vitest';
import { scormLessonPage, type ScormPageInput } from './scorm-page.ts';

const built = `<!DOCTYPE html><html lang="kk"><head><link rel="stylesheet" href="/_astro/Base.css"></head><body>
<header><a href="/kk/">Oqu</a></header><main><article class="lesson-body" lang="kk">
<h1>Қоғамдық <em>кеңістік</em> &amp; қала</h1>
<p><img src="/course-assets/urbanism/map.png" alt="Карта">
<img src="/course-assets/urbanism/Қала картасы.png" alt="Қала">
<a href="/course-assets/urbanism/${encodeURIComponent('Улестірме')}.pdf#page=2" download>PDF</a>
<a href="/kk/courses/urbanism/cycle-lanes/#plan">келесі</a>
<a href="/kk/verify">тексеру</a> <a href="https://adilet.zan.kz">Әділет</a></p>
<form class="lesson-actions" method="post" action="/kk/courses/urbanism/public-space/done"><button>Дайын</button></form>
<section class="quiz"><form method="post" action="/kk/courses/urbanism/public-space/quiz" id="quiz-basics-form"
 class="quiz-form"><button type="submit">Жіберу</button></form></section>
</article></main><footer>© Oqu</footer></body></html>`;

const input: ScormPageInput = {
  html: built,
  locale: 'kk',
  baseUrl: 'https://oqu.example.kz',
  lessonPrefix: '/kk/courses/urbanism/',
  lessonFiles: new Map([
    ['public-space', '01-public-space.html'],
    ['cycle-lanes', '02-cycle-lanes.html'],
  ]),
  quizJson: JSON.stringify({ passPercent: 70, questions: [{ id: 'x', prompt: { kk: '</script><script>alert(1)' } }] }),
  texts: { passed: 'Өтті: {percent} %' },
};

describe('a built lesson as a SCORM page', () => {
  const page = scormLessonPage(input);

  it('keeps the lesson and its quiz form, drops what needs the server and the site around it', () => {
    expect(page.title).toBe('Қоғамдық кеңістік & қала');
    expect(page.quizId).toBe('basics');
    expect(page.html).toContain('<html lang="kk">');
    expect(page.html).toContain('Қоғамдық <em>кеңістік</em>');
    expect(page.html).not.toContain('lesson-actions');
    expect(page.html).not.toContain('© Oqu');
    expect(page.html).toMatch(/<form [^>]*action="#"[^>]*class="quiz-form"/);
  });

  it('links the course files and lessons inside the package, the rest of the site on the host', () => {
    expect(page.assets.map((a) => a.source).sort()).toEqual([
      '/course-assets/urbanism/map.png',
      '/course-assets/urbanism/Улестірме.pdf',
      '/course-assets/urbanism/Қала картасы.png',
    ]);
    expect(page.html).toContain('src="../assets/urbanism/map.png"');
    // Kazakh names, raw or percent-encoded, become the ASCII names the files have in the package.
    for (const asset of page.assets) {
      expect(asset.file).toMatch(/^assets\/urbanism\/[A-Za-z0-9._-]+$/);
      expect(page.html).toContain(`"../${asset.file}`);
    }
    expect(page.html).toMatch(/href="\.\.\/assets\/urbanism\/[A-Za-z0-9_-]+\.pdf#page=2"/);
    expect(page.html).toContain('href="02-cycle-lanes.html#plan"');
    expect(page.html).toContain('href="https://oqu.example.kz/kk/verify"');
    expect(page.html).toContain('href="https://adilet.zan.kz" target="_blank"');
  });

  it('carries the quiz as data that cannot close its script element', () => {
    expect(page.html).not.toContain('</script><script>alert(1)');
    expect(page.html).toContain('\\u003c/script>');
  });

  it('refuses a page that is not a built lesson', () => {
    expect(() => scormLessonPage({ ...input, html: '<html><body><p>no</p></body></html>' })).toThrow(/lesson-body/);
  });
});
