// Home page: enter a room over AJAX so a wrong password or a full room is shown next to
// the room instead of on an error page. Without JavaScript the forms post normally.
(() => {
  'use strict';
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  for (const form of document.querySelectorAll('form[data-enter]')) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const error = form.querySelector('.enter-error');
      const button = form.querySelector('button');
      error.hidden = true;
      button.disabled = true;
      try {
        const response = await fetch(form.action, {
          method: 'POST',
          headers: { Accept: 'application/json', 'X-CSRF-Token': csrf },
          body: new URLSearchParams(new FormData(form)),
        });
        const body = await response.json().catch(() => ({ ok: false, error: '요청을 처리하지 못했습니다.' }));
        if (body.ok) {
          window.location.assign(body.next);
          return;
        }
        error.textContent = body.error;
        error.hidden = false;
      } catch {
        error.textContent = '서버에 연결하지 못했습니다. 잠시 후 다시 시도해 주세요.';
        error.hidden = false;
      } finally {
        button.disabled = false;
      }
    });
  }
})();
