import { find } from '../shared/dom.js';
import { postForm } from '../shared/http.js';
import { setUpNotificationSettings } from '../shared/notification-settings.js';
import { keepUnreadCurrent } from './unread.js';

// Home page: enter a room over AJAX so a wrong password or a full room is shown next to
// the room instead of on an error page. Without JavaScript the forms post normally.
for (const form of document.querySelectorAll<HTMLFormElement>('form[data-enter]')) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void enter(form);
  });
}

keepUnreadCurrent();
void setUpNotificationSettings();

async function enter(form: HTMLFormElement): Promise<void> {
  const error = find(form, '.enter-error');
  const button = find<HTMLButtonElement>(form, 'button');
  if (error) error.hidden = true;
  if (button) button.disabled = true;
  const answer = await postForm(form);
  if (button) button.disabled = false;
  if (answer.ok && answer.next) return window.location.assign(answer.next);
  if (error) {
    error.textContent = answer.ok ? '요청을 처리하지 못했습니다.' : answer.error;
    error.hidden = false;
  }
}
