// Quiz forms: give each submission a random idempotency key (so a retried or doubled request
// is stored once), keep a second click from sending it again, and, for quizzes that ask for
// it, show questions and choices in a new order on every visit (the server grades by id).
const mix = (items) => {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
};

for (const form of document.querySelectorAll('form.quiz-form')) {
  if (form.dataset.shuffle) {
    const questions = [...form.querySelectorAll(':scope > fieldset')];
    const anchor = questions.at(-1)?.nextSibling ?? null;
    for (const fieldset of mix(questions)) {
      if (fieldset.dataset.type !== 'truefalse') {
        const choices = [...fieldset.querySelectorAll(':scope > label.choice')];
        for (const choice of mix(choices)) fieldset.append(choice);
      }
      form.insertBefore(fieldset, anchor);
    }
    form
      .querySelectorAll('.quiz-number')
      .forEach((label, i) => (label.textContent = label.textContent.replace(/\d+/, String(i + 1))));
  }
  form.addEventListener('submit', (event) => {
    if (form.dataset.sent) return event.preventDefault();
    form.dataset.sent = '1';
    const key = form.querySelector('input[name="idempotencyKey"]');
    if (key && !key.value) key.value = crypto.randomUUID().replace(/-/g, '');
    const button = form.querySelector('button[type="submit"]');
    if (button) button.setAttribute('aria-disabled', 'true');
  });
}
