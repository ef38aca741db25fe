import { byId } from '../shared/dom.js';
import type { Connection } from './connection.js';
import { createDraft } from './draft.js';
import { watchComposition } from './ime.js';
import type { MentionPicker } from './mention-picker.js';

const TYPING_EVERY_MS = 2000;

/** Why the composer is closed: the viewer left (kicked, room deleted) or is muted for a while. */
export type ComposerLock = 'gone' | 'muted';

/**
 * The message box: Enter sends (never while an IME composition is under way, see ime.ts,
 * nor while the "@" suggestions are open: then Enter picks one), Shift+Enter makes a new
 * line, the box grows with its text, and the unsent text is kept as the room's draft.
 * Typing tells the room at most every two seconds. Locked while any lock is on.
 */
export function createComposer({ connection, picker, draftKey, send }: { connection: Connection; picker: MentionPicker; draftKey: string; send: (text: string) => void }) {
  const form = byId<HTMLFormElement>('chat-form');
  const input = byId<HTMLTextAreaElement>('chat-input');
  const composing = watchComposition(input);
  const draft = createDraft(draftKey);
  const locks = new Set<ComposerLock>();
  let lastTypingSent = 0;

  /** Fits the box to its text (the stylesheet caps the height; beyond it the box scrolls). */
  const fit = () => {
    input.style.height = 'auto';
    input.style.height = `${input.scrollHeight + input.offsetHeight - input.clientHeight}px`;
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || locks.size > 0) return;
    input.value = '';
    draft.write('');
    fit();
    picker.close();
    send(text);
  });

  input.addEventListener('keydown', (event) => {
    if (composing(event)) return;
    if (picker.handleKey(event)) return;
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  input.addEventListener('input', () => {
    fit();
    draft.write(input.value);
    if (Date.now() - lastTypingSent < TYPING_EVERY_MS) return;
    if (connection.send({ action: 'typing' })) lastTypingSent = Date.now();
  });

  input.value = draft.read();
  fit();

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
