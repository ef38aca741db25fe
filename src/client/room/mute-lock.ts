import { durationText } from '../../errors/duration-text.js';
import { byId, find } from '../shared/dom.js';
import type { Composer } from './composer.js';

/**
 * The viewer's own mute: the composer and the upload form are locked, and the notice
 * counts the time left down every second, until the mute ends or is lifted.
 */
export function createMuteLock({ composer, until: initial }: { composer: Composer; until: number }) {
  const notice = byId('mute-notice');
  const remaining = find(notice, '.remaining');
  const upload = document.querySelectorAll<HTMLButtonElement | HTMLInputElement>('.upload-form button, .upload-form input[type=file]');
  let until = initial;
  let ticker: ReturnType<typeof setInterval> | null = null;

  function show(): void {
    const left = until - Date.now();
    const isMuted = left > 0;
    notice.hidden = !isMuted;
    if (remaining) remaining.textContent = durationText(left / 1000);
    for (const control of upload) control.disabled = isMuted;
    if (isMuted) return composer.lock('muted');
    composer.unlock('muted');
    if (ticker !== null) clearInterval(ticker);
    ticker = null;
  }

  function set(next: number): void {
    until = next;
    show();
    if (until > Date.now() && ticker === null) ticker = setInterval(show, 1000);
  }

  set(initial);
  return { set };
}
