// Quiz forms: give each submission a random idempotency key (so a retried or doubled request
// is stored once) and keep a second click from sending it again.
for (const form of document.querySelectorAll('form.quiz-form')) {
  form.addEventListener('submit', (event) => {
    if (form.dataset.sent) return event.preventDefault();
    form.dataset.sent = '1';
    const key = form.querySelector('input[name="idempotencyKey"]');
    if (key && !key.value) key.value = crypto.randomUUID().replace(/-/g, '');
    const button = form.querySelector('button[type="submit"]');
    if (button) button.setAttribute('aria-disabled', 'true');
  });
}
