import { byId } from '../shared/dom.js';
import type { Connection } from './connection.js';
import type { MentionPicker } from './mention-picker.js';

const TYPING_EVERY_MS = 2000;

/** Why the composer is closed: the viewer left (kicked, room deleted) or is muted for a while. */
export type ComposerLock = 'gone' | 'muted';

/**
 * The message box: Enter sends (not while an IME composition is under way, nor while the
 * "@" suggestions are open: then Enter picks one), Shift+Enter makes a new line, and
 * typing tells the room at most every two seconds. Locked while any lock is on.
 */
export function createComposer({ connection, picker, send }: { connection: Connection; picker: MentionPicker; send: (text: string) => void }) {
  const form = byId<HTMLFormElement>('chat-form');
  const input = byId<HTMLTextAreaElement>('chat-input');
  const locks = new Set<ComposerLock>();
  let lastTypingSent = 0;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || locks.size > 0) return;
    input.value = '';
    picker.close();
    send(text);
  });

  input.addEventListener('keydown', (event) => {
    if (picker.handleKey(event)) return;
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  input.addEventListener('input', () => {
    if (Date.now() - lastTypingSent < TYPING_EVERY_MS) return;
    if (connection.send({ action: 'typing' })) lastTypingSent = Date.now();
  });

  const update = () => {
    for (const control of form.querySelectorAll<HTMLButtonElement | HTMLTextAreaElement>('button, textarea')) control.disabled = locks.size > 0;
  };

  return {
    lock(reason: ComposerLock): void {
      locks.add(reason);
      picker.close();
      update();
    },
    unlock(reason: ComposerLock): void {
      locks.delete(reason);
      update();
    },
  };
}

export type Composer = ReturnType<typeof createComposer>;
