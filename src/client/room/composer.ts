import { byId } from '../shared/dom.js';
import type { Connection } from './connection.js';

const TYPING_EVERY_MS = 2000;

/**
 * The message box: Enter sends (not while an IME composition is under way), Shift+Enter
 * makes a new line, and typing tells the room at most every two seconds.
 */
export function createComposer({ connection, send }: { connection: Connection; send: (text: string) => void }) {
  const form = byId<HTMLFormElement>('chat-form');
  const input = byId<HTMLTextAreaElement>('chat-input');
  let lastTypingSent = 0;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    send(text);
  });

  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  input.addEventListener('input', () => {
    if (Date.now() - lastTypingSent < TYPING_EVERY_MS) return;
    if (connection.send({ action: 'typing' })) lastTypingSent = Date.now();
  });

  return {
    disable(): void {
      for (const control of form.querySelectorAll<HTMLButtonElement | HTMLTextAreaElement>('button, textarea')) control.disabled = true;
    },
  };
}
