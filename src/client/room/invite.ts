import { find } from '../shared/dom.js';
import { postForm } from '../shared/http.js';
import { ask } from './confirm.js';
import { status } from './context.js';

/**
 * The owner's invitation link (private rooms): shown as a full address, copied with one
 * button, and replaced in place when the owner makes a new one.
 */
export function setUpInviteLink(): void {
  const link = document.getElementById('invite-link');
  if (!(link instanceof HTMLAnchorElement)) return;
  const show = (path: string) => {
    link.href = path;
    link.textContent = new URL(path, window.location.origin).href;
  };
  show(link.getAttribute('href') ?? '');

  const copy = document.getElementById('copy-invite');
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener('click', () => {
      navigator.clipboard.writeText(link.href).then(
        () => (copy.textContent = '복사됨'),
        () => status.notice('복사하지 못했습니다. 링크를 직접 선택해 복사해 주세요.'),
      );
    });
  }

  const renew = find<HTMLFormElement>(document, 'form[data-invite-renew]');
  renew?.addEventListener('submit', (event) => {
    event.preventDefault();
    void renewLink(renew);
  });

  /** Asks in the page's dialog like every other confirmation, then shows the new link. */
  async function renewLink(form: HTMLFormElement): Promise<void> {
    if (form.dataset.confirm && !(await ask(form.dataset.confirm))) return;
    const answer = await postForm(form);
    if (!answer.ok) return status.notice(answer.error);
    if (typeof answer.invite === 'string') show(answer.invite);
    if (copy) copy.textContent = '복사';
  }
}
