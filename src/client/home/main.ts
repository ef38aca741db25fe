import { find } from '../shared/dom.js';
import { postForm } from '../shared/http.js';
import { setUpNotificationSettings } from '../shared/notification-settings.js';
import { checkCreateForm } from './create-form.js';
import { showLastMessageTimes } from './last-message.js';
import { createPasswordDialog } from './password-dialog.js';
import { keepUnreadCurrent } from './unread.js';

// Home page: the create form checks itself before posting; a room is entered over AJAX so
// a wrong password or a full room is shown next to the room (a password is asked in a
// dialog) instead of on an error page; unread badges, last-message times in local time and
// notification settings. Without JavaScript the forms post normally, the password typed
// into the row.
const passwords = createPasswordDialog();

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-enter]')) {
  const field = find<HTMLInputElement>(form, 'input[name=password]');
  if (field && passwords) passwords.adopt(field);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void enter(form, field);
  });
}

showLastMessageTimes();
keepUnreadCurrent();
void setUpNotificationSettings();
checkCreateForm();

async function enter(form: HTMLFormElement, field: HTMLInputElement | null, problem = ''): Promise<void> {
  const error = find(form, '.enter-error');
  const button = find<HTMLButtonElement>(form, 'button');
  if (field && passwords) {
    const name = find(form.closest('.room-item') ?? form, '.room-name')?.textContent?.trim() ?? '';
    const password = await passwords.ask(name, problem);
    if (password === null) return;
    field.value = password;
  }
  if (error) error.hidden = true;
  if (button) button.disabled = true;
  const answer = await postForm(form);
  if (button) button.disabled = false;
  if (answer.ok && answer.next) return window.location.assign(answer.next);
  const reason = answer.ok ? '요청을 처리하지 못했습니다.' : answer.error;
  // A wrong password: ask again, saying so.
  if (field && passwords && !answer.ok && answer.code === 'WRONG_PASSWORD') return enter(form, field, reason);
  if (error) {
    error.textContent = reason;
    error.hidden = false;
  }
}
