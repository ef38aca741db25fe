// The letter avatar shown for people without a picture: their name's first letter on one
// of a few colours chosen by their id, so a person keeps one colour everywhere. Pure,
// bundled into the browser client too.

/** How many avatar colours the stylesheet defines (`.avatar.tone-0` … `.tone-7`). */
export const AVATAR_TONES = 8;

/** The first letter of a name ("민지" → "민", "kim" → "K"); "?" for an empty one. */
export function avatarInitial(name: string): string {
  const [first] = Array.from(name.trim());
  return first ? first.toUpperCase() : '?';
}

/** The colour class of a user's letter avatar. */
export function avatarTone(userId: number): string {
  return `tone-${Math.abs(userId) % AVATAR_TONES}`;
}
