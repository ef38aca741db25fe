/** A keydown this soon after `compositionend` still belongs to the composition (Safari's order). */
const AFTER_COMPOSITION_MS = 100;

/**
 * Whether a key press belongs to an input method's composition (Korean, Japanese…), so
 * Enter must not send. Chrome and Firefox mark it with `isComposing` or keyCode 229; Safari
 * ends the composition first and sends the committing Enter's keydown after
 * `compositionend`, so an Enter that is the first key right after the end counts too (Tab
or an arrow then is the person's own, for the "@" suggestions).
 */
export function watchComposition(input: HTMLElement): (event: KeyboardEvent) => boolean {
  let composing = false;
  let endedAt: number | null = null;
  input.addEventListener('compositionstart', () => {
    composing = true;
  });
  input.addEventListener('compositionend', (event) => {
    composing = false;
    endedAt = event.timeStamp;
  });
  return (event) => {
    const committing = event.key === 'Enter' && endedAt !== null && event.timeStamp - endedAt < AFTER_COMPOSITION_MS;
    endedAt = null;
    return composing || committing || event.isComposing || event.keyCode === 229;
  };
}
