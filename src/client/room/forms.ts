import { postForm } from '../shared/http.js';
import { ask } from './confirm.js';
import { status } from './context.js';

/**
 * Owner controls, leaving and deleting post over AJAX with the CSRF header, asking first
 * in the page's own dialog where the form says so (`data-confirm`); without JavaScript the same forms post normally
 * and the server redirects back. Binds the forms under `root` not bound yet, so rows
 * added live get working controls too.
 */
export function bindAjaxForms(root: ParentNode = document): void {
  for (const form of root.querySelectorAll<HTMLFormElement>('form[data-ajax]')) {
    if (form.dataset.bound) continue;
    form.dataset.bound = '1';
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void confirmed(form).then((yes) => (yes ? submit(form) : undefined));
    });
  }
}

/** Whether the person agreed to what the form asks (true when it asks nothing); an open menu closes. */
async function confirmed(form: HTMLFormElement): Promise<boolean> {
  form.closest('details')?.removeAttribute('open');
  return form.dataset.confirm ? ask(form.dataset.confirm) : true;
}

/**
 * Posts the form. An answer leading elsewhere (leaving, a deleted room) is followed; one
 * leading back to this page is not: the room's events update it (a kick, an upload).
 */
async function submit(form: HTMLFormElement): Promise<void> {
  const answer = await postForm(form);
  if (!answer.ok) return status.notice(answer.error);
  if (answer.next && !isThisPage(answer.next)) return window.location.assign(answer.next);
  form.reset();
}

function isThisPage(next: string): boolean {
  const path = (url: string) => decodeURIComponent(new URL(url, window.location.href).pathname);
  return path(next) === path(window.location.href);
}
