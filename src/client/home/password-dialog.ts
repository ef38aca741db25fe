import { find } from '../shared/dom.js';

/**
 * Entering a password room from the list: the page asks for the password in a dialog
 * (`<dialog id="password-dialog">`) instead of a field squeezed into the row; the row's
 * own field, there for pages without JavaScript, is hidden and carries the answer. A
 * wrong password is said in the dialog, which stays open for another try.
 */
export function createPasswordDialog() {
  const dialog = document.getElementById('password-dialog');
  if (!(dialog instanceof HTMLDialogElement)) return null;
  const input = find<HTMLInputElement>(dialog, 'input[name=room_password]');
  const label = find(dialog, '.room-label');
  const error = find(dialog, '.field-error');

  return {
    /** Hides the row's own field: the dialog asks instead. */
    adopt(field: HTMLInputElement): void {
      field.hidden = true;
      field.required = false;
    },
    /** Asks for the password of `roomName`; null when the person cancels. */
    ask(roomName: string, problem = ''): Promise<string | null> {
      if (label) label.textContent = roomName;
      if (error) {
        error.textContent = problem;
        error.hidden = !problem;
      }
      if (input) input.value = '';
      dialog.returnValue = '';
      dialog.showModal();
      return new Promise((resolve) => {
        dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok' && input ? input.value : null), { once: true });
      });
    },
  };
}
