import { byId, find } from '../shared/dom.js';

/**
 * Asks in the page (the `<dialog id="confirm-dialog">` the room page renders) and resolves
 * with the answer: true for the confirming button, false for cancel, Escape or a click
 * outside.
 */
export function ask(question: string, confirmLabel = '확인'): Promise<boolean> {
  const dialog = byId<HTMLDialogElement>('confirm-dialog');
  const text = find(dialog, '.question');
  const ok = find<HTMLButtonElement>(dialog, 'button[value="ok"]');
  if (text) text.textContent = question;
  if (ok) ok.textContent = confirmLabel;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
  });
}
