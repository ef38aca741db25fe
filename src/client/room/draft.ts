/**
 * The unsent text of the composer, one per person and room, kept in local storage so a
 * reload (or coming back later) finds it again. Storage that refuses (private mode, full)
 * only means no draft.
 */
export function createDraft(key: string) {
  const storageKey = `codingline.draft.${key}`;
  return {
    read(): string {
      try {
        return localStorage.getItem(storageKey) ?? '';
      } catch {
        return '';
      }
    },
    write(text: string): void {
      try {
        if (text.trim()) localStorage.setItem(storageKey, text);
        else localStorage.removeItem(storageKey);
      } catch {
        // No draft then.
      }
    },
  };
}
