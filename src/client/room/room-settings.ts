import type { RoomSettings } from '../../bus/events.js';
import { byId, find } from '../shared/dom.js';
import { postForm } from '../shared/http.js';

/**
 * The room's header kept current from `room_updated` (name, topic, tags, capacity), and for
 * the owner the settings dialog: it posts the form and shows the server's refusal in
 * itself, closing on success (the event then updates every open page, this one included).
 */
export function createRoomHeader() {
  const header = find(document.body, '.room-header');

  function apply(room: RoomSettings): void {
    const title = header ? find(header, 'h1') : null;
    const nameNode = title?.lastChild;
    if (nameNode?.nodeType === Node.TEXT_NODE) nameNode.textContent = ` ${room.name}`;
    else if (title) title.textContent = room.name;
    document.title = `${room.name} · codingline`;
    const topic = header ? find(header, '.topic') : null;
    if (topic) {
      topic.textContent = room.topic;
      topic.hidden = room.topic === '';
    }
    const tags = header ? find(header, '.room-tags') : null;
    tags?.replaceChildren(
      ...room.tags.map((tag) => {
        const chip = document.createElement('a');
        chip.className = 'tag-chip';
        chip.href = `/?tag=${encodeURIComponent(tag)}`;
        chip.textContent = `#${tag}`;
        return chip;
      }),
    );
    byId('room-capacity').textContent = String(room.capacity);
  }

  setUpSettingsDialog();
  return { apply };
}

/** The owner's settings dialog and its 방 설정 button, when the page has them (again after the viewer became owner). */
export function setUpSettingsDialog(): void {
  const dialog = document.getElementById('settings-dialog');
  if (!(dialog instanceof HTMLDialogElement)) return;
  const form = find<HTMLFormElement>(dialog, 'form');
  const error = find(dialog, '.settings-error');
  document.getElementById('open-settings')?.addEventListener('click', () => {
    if (error) error.hidden = true;
    dialog.showModal();
  });
  find(dialog, '.settings-cancel')?.addEventListener('click', () => dialog.close());
  form?.addEventListener('submit', (event) => {
    event.preventDefault();
    void postForm(form).then((answer) => {
      if (answer.ok) {
        const password = find<HTMLInputElement>(form, 'input[name="password"]');
        if (password) password.value = '';
        return dialog.close();
      }
      if (!error) return;
      error.textContent = answer.error;
      error.hidden = false;
    });
  });
}
