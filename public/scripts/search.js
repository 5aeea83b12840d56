// Lesson search on the static Pagefind index of the page's language (<html lang>). Oqu's own
// labelled form and result list; the words come from data attributes filled from the i18n
// dictionaries. Loaded only on the search page.
const form = document.getElementById('search-form');
const input = document.getElementById('search-input');
const status = document.getElementById('search-status');
const list = document.getElementById('search-results');
const say = (template, term, count) => template.replace('[SEARCH_TERM]', term).replace('[COUNT]', String(count));

let pagefind;
try {
  pagefind = await import('/pagefind/pagefind.js');
  await pagefind.init();
} catch {
  status.textContent = form.dataset.unavailable;
}

let latest = 0;
async function run(term) {
  const ticket = ++latest;
  list.replaceChildren();
  if (!pagefind || term.trim().length < 2) {
    status.textContent = '';
    return;
  }
  status.textContent = say(form.dataset.searching, term, 0);
  const search = await pagefind.debouncedSearch(term, {}, 250);
  if (!search || ticket !== latest) return;
  const results = await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
  if (ticket !== latest) return;
  status.textContent = say(results.length ? form.dataset.many : form.dataset.zero, term, search.results.length);
  for (const r of results) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = r.url;
    link.textContent = r.meta.title;
    const excerpt = document.createElement('p');
    excerpt.className = 'meta';
    // Pagefind's excerpt marks hits with <mark>; keep only that markup.
    excerpt.append(
      ...r.excerpt.split(/(<mark>.*?<\/mark>)/).map((part) => {
        const hit = /^<mark>(.*)<\/mark>$/.exec(part);
        if (!hit) return document.createTextNode(part.replace(/<[^>]*>/g, ''));
        const mark = document.createElement('mark');
        mark.textContent = hit[1];
        return mark;
      }),
    );
    item.append(link, excerpt);
    list.append(item);
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void run(input.value);
});
input.addEventListener('input', () => void run(input.value));
const initial = new URLSearchParams(location.search).get('q');
if (initial) {
  input.value = initial;
  void run(initial);
}
