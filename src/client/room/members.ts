import { byId } from '../shared/dom.js';
import { postForm } from '../shared/http.js';
import { status, type RoomContext } from './context.js';

/**
 * The member list: who is online (presence events), and the owner's controls. Member
 * changes re-read the member panel from the room page.
 */
export function createMembers(context: RoomContext) {
  function setOnline(ids: readonly number[]): void {
    const online = new Set(ids);
    for (const item of document.querySelectorAll<HTMLElement>('#members li[data-user-id]')) {
      item.classList.toggle('online', online.has(Number(item.dataset.userId)));
    }
    const count = document.getElementById('online-count');
    if (count) count.textContent = String(online.size);
  }

  async function refresh(): Promise<void> {
    const response = await fetch(`${context.basePath}/`, { headers: { Accept: 'text/html' } }).catch(() => null);
    if (!response?.ok) return;
    const next = new DOMParser().parseFromString(await response.text(), 'text/html').getElementById('members-panel');
    if (next) byId('members-panel').replaceWith(next);
    bindAjaxForms(refresh);
  }

  bindAjaxForms(refresh);
  return { setOnline, refresh };
}

/**
 * Owner controls, leaving and uploads post over AJAX with the CSRF header, asking first
 * where the form says so; without JavaScript the same forms post normally and the server
 * redirects back.
 */
function bindAjaxForms(afterDone: () => Promise<void>): void {
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-ajax]')) {
    if (form.dataset.bound) continue;
    form.dataset.bound = '1';
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
      void submit(form, afterDone);
    });
  }
}

async function submit(form: HTMLFormElement, afterDone: () => Promise<void>): Promise<void> {
  const answer = await postForm(form);
  if (!answer.ok) return status.notice(answer.error);
  if (answer.next) return window.location.assign(answer.next);
  form.reset();
  await afterDone();
}
