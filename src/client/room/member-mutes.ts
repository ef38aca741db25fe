import { find } from '../shared/dom.js';

/**
 * Mutes in the member list: a muted member's row carries `data-muted-until` (the badge and
 * the owner's "제한 해제" show by CSS) until the time passes or an unmute arrives. For the
 * owner, each row's mute form offers 10분 / 1시간 / 1일 or a number of minutes.
 */
export function createMemberMutes(list: HTMLElement) {
  const rowOf = (userId: number) => find<HTMLElement>(list, `li[data-user-id="${userId}"]`);

  /** Marks the row until `until`; the mark goes by itself when that time comes. */
  function mark(row: HTMLElement, until: number): void {
    if (until <= Date.now()) return void delete row.dataset.mutedUntil;
    const iso = new Date(until).toISOString();
    row.dataset.mutedUntil = iso;
    setTimeout(() => {
      if (row.dataset.mutedUntil === iso) delete row.dataset.mutedUntil;
    }, until - Date.now());
  }

  /** A row's mute form: "직접 입력…" swaps the preset list for a number of minutes. */
  function setUpForm(root: ParentNode): void {
    for (const form of root.querySelectorAll<HTMLFormElement>('form[data-mute-form]')) {
      const preset = find<HTMLSelectElement>(form, '[data-mute-preset]');
      const custom = find<HTMLElement>(form, '[data-mute-custom]');
      const minutes = custom && find<HTMLInputElement>(custom, 'input');
      if (!preset || !custom || !minutes) continue;
      const sync = () => {
        const own = preset.value === '';
        custom.hidden = !own;
        minutes.disabled = !own;
        // Only one `minutes` goes with the form: the list's, or the typed one.
        preset.name = own ? '' : 'minutes';
        if (own) minutes.focus();
      };
      preset.addEventListener('change', sync);
      form.addEventListener('reset', () => setTimeout(sync));
      // The menu closes once the mute is sent.
      form.addEventListener('submit', () => form.closest('details')?.removeAttribute('open'));
    }
  }

  for (const row of list.querySelectorAll<HTMLElement>('li[data-muted-until]')) mark(row, Date.parse(row.dataset.mutedUntil ?? ''));
  setUpForm(list);

  return {
    setUpForm,
    /** `member_muted`. */
    muted: (userId: number, until: string): void => {
      const row = rowOf(userId);
      if (row) mark(row, Date.parse(until));
    },
    /** `member_unmuted`. */
    unmuted: (userId: number): void => {
      const row = rowOf(userId);
      if (row) delete row.dataset.mutedUntil;
    },
  };
}
