import { byId } from '../shared/dom.js';

const MAX_SUGGESTIONS = 8;
const MAX_QUERY = 20;
/** An "@" starts a mention at the start, or after anything but a letter or digit ("a@b.com" does not). */
const STARTS_MENTION = /(^|[^\p{L}\p{Nd}_])@([^@\n]*)$/u;

interface Member {
  id: number;
  name: string;
}

/**
 * "@" suggestions in the composer: typing "@" and part of a name lists the members whose
 * name contains it (those starting with it first). Arrow keys move, Enter or Tab picks,
 * Escape closes; the mouse works too. It reads the text on every `input` event, so a
 * Korean name composed with an IME is matched as it is being composed, and never picks
 * while a composition is under way (Enter then ends the composition).
 */
export function createMentionPicker({ members, myId }: { members: () => Member[]; myId: number }) {
  const input = byId<HTMLTextAreaElement>('chat-input');
  const list = byId<HTMLUListElement>('mention-suggestions');
  let shown: Member[] = [];
  let active = 0;
  /** Where the "@" being completed is in the text. */
  let at = -1;

  function refresh(): void {
    const before = input.value.slice(0, input.selectionStart);
    const match = STARTS_MENTION.exec(before);
    const query = match?.[2] ?? '';
    if (!match || [...query].length > MAX_QUERY) return close();
    at = before.length - query.length - 1;
    const folded = query.toLowerCase();
    const others = members().filter((member) => member.id !== myId && member.name.toLowerCase().includes(folded));
    shown = [...others.filter((member) => member.name.toLowerCase().startsWith(folded)), ...others.filter((member) => !member.name.toLowerCase().startsWith(folded))].slice(0, MAX_SUGGESTIONS);
    if (shown.length === 0) return close();
    active = 0;
    render();
  }

  function render(): void {
    list.replaceChildren(
      ...shown.map((member, index) => {
        const option = document.createElement('li');
        option.id = `mention-option-${member.id}`;
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', String(index === active));
        option.textContent = member.name;
        // mousedown, not click: the textarea keeps the focus and the caret.
        option.addEventListener('mousedown', (event) => {
          event.preventDefault();
          pick(member);
        });
        return option;
      }),
    );
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    input.setAttribute('aria-activedescendant', `mention-option-${shown[active]?.id ?? ''}`);
  }

  function pick(member: Member): void {
    const caret = input.selectionStart;
    const inserted = `@${member.name} `;
    input.value = `${input.value.slice(0, at)}${inserted}${input.value.slice(caret)}`;
    const after = at + inserted.length;
    input.setSelectionRange(after, after);
    close();
    input.focus();
  }

  function close(): void {
    shown = [];
    active = 0;
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  input.addEventListener('input', refresh);
  input.addEventListener('click', refresh);
  input.addEventListener('blur', close);

  return {
    close,
    /** Handles a key while suggestions are open; true when it did (the composer then ignores it). */
    handleKey(event: KeyboardEvent): boolean {
      if (list.hidden || event.isComposing || event.keyCode === 229) return false;
      const chosen = shown[active];
      if ((event.key === 'Enter' || event.key === 'Tab') && chosen && !event.shiftKey) pick(chosen);
      else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        active = (active + (event.key === 'ArrowDown' ? 1 : shown.length - 1)) % shown.length;
        render();
      } else if (event.key === 'Escape') close();
      else return false;
      event.preventDefault();
      return true;
    },
  };
}

export type MentionPicker = ReturnType<typeof createMentionPicker>;
