/** A short two-note chime, made by the Web Audio API (no file to fetch, nothing for the CSP). */
const NOTES = [
  { hz: 880, at: 0 },
  { hz: 1320, at: 0.12 },
];
const NOTE_SECONDS = 0.18;

let context: AudioContext | null = null;

/**
 * Browsers let a page make sound only after the user interacted with it: the audio context
 * is made (or resumed) on the first click or key press, and the chime plays from then on.
 */
export function armMentionSound(): void {
  const unlock = () => {
    context ??= new AudioContext();
    void context.resume();
  };
  window.addEventListener('pointerdown', unlock, { once: true });
  window.addEventListener('keydown', unlock, { once: true });
}

/** Plays the mention chime, if the page may make sound yet. */
export function playMentionSound(): void {
  if (context?.state !== 'running') return;
  const start = context.currentTime;
  for (const note of NOTES) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.frequency.value = note.hz;
    gain.gain.setValueAtTime(0.15, start + note.at);
    gain.gain.exponentialRampToValueAtTime(0.001, start + note.at + NOTE_SECONDS);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start + note.at);
    oscillator.stop(start + note.at + NOTE_SECONDS);
  }
}
