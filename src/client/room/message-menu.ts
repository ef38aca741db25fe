import type { ClientFrame } from '../../bus/events.js';
import { byId, find } from '../shared/dom.js';
import { ask } from './confirm.js';
import type { RoomContext } from './context.js';

interface MenuOptions {
  context: RoomContext;
  list: HTMLElement;
  /** Sends a frame; false when the socket is not open (the menu says so). */
  send: (frame: ClientFrame) => boolean;
  notice: (text: string) => void;
  /** Whether the viewer may remove this author's messages (the owner any; a moderator an ordinary member's). */
  mayRemove: (authorId: number) => boolean;
  /** Starts a reply (답장) to this message in the composer. */
  reply: (item: HTMLElement) => void;
  /** Pins this message as the room's notice (공지; the menu offers it to staff only). */
  pin: (id: number) => void;
}

/**
 * A message's menu: react with one of the six emoji, reply, pin as the notice (staff), edit (own messages, within the edit
 * window), delete (own messages; the owner any, a moderator an ordinary member's) after a confirmation. Opened by clicking or
 * pressing Enter on a message; the server checks every rule again and answers a refusal
 * with an error event.
 */
export function setUpMessageMenu({ context, list, send, notice, mayRemove, reply, pin }: MenuOptions): void {
  const editWindowMs = Number(byId('room').dataset.editWindow ?? 0) * 1000;
  const offline = () => notice('연결이 끊겨 있습니다. 다시 연결된 뒤에 시도해 주세요.');
  const sendOrSay = (frame: ClientFrame) => send(frame) || offline();

  const messageOf = (target: EventTarget | null) => {
    const item = target instanceof Element ? target.closest<HTMLElement>('li.message') : null;
    return item && item.dataset.id && !item.classList.contains('deleted') ? item : null;
  };

  function open(item: HTMLElement): void {
    for (const other of list.querySelectorAll('.message-actions')) other.remove();
    // Looked up each time: a change of the viewer's role puts a new template in place.
    const menu = byId<HTMLTemplateElement>('message-actions-template').content.firstElementChild?.cloneNode(true);
    if (!(menu instanceof HTMLElement)) return;
    const mine = item.dataset.authorId === String(context.myId);
    const age = Date.now() - new Date(item.dataset.ts ?? 0).getTime();
    const edit = find(menu, '.edit');
    const remove = find(menu, '.delete');
    if (edit) edit.hidden = !mine || age > editWindowMs || !find(item, '.text');
    if (remove) remove.hidden = !mine && !mayRemove(Number(item.dataset.authorId));
    const pinButton = find(menu, '.pin');
    if (pinButton) pinButton.hidden = !find(item, '.text');
    item.append(menu);
    find<HTMLButtonElement>(menu, 'button')?.focus();
  }

  async function act(item: HTMLElement, button: HTMLElement): Promise<void> {
    const id = Number(item.dataset.id);
    if (button.matches('.react, .reaction')) return void sendOrSay({ action: 'react', id, emoji: button.dataset.emoji ?? '' });
    if (button.matches('.delete')) {
      if (await ask('이 메시지를 삭제할까요? 모두의 화면에서 지워집니다.', '삭제')) sendOrSay({ action: 'delete', id });
      return;
    }
    if (button.matches('.edit')) startEditing(item, id);
    if (button.matches('.pin')) {
      find(item, '.message-actions')?.remove();
      if (await ask('이 메시지를 공지로 등록할까요? 지금 공지는 바뀝니다.', '등록')) pin(id);
      return;
    }
    if (button.matches('.reply')) {
      find(item, '.message-actions')?.remove();
      reply(item);
    }
  }

  function startEditing(item: HTMLElement, id: number): void {
    const text = find(item, '.text');
    if (!text) return;
    find(item, '.message-actions')?.remove();
    const box = document.createElement('textarea');
    box.className = 'edit-box';
    box.value = text.textContent ?? '';
    box.setAttribute('aria-label', '메시지 수정');
    text.hidden = true;
    text.after(box);
    box.focus();
    // Once only: removing the focused box fires its blur, which must not finish it again.
    let finished = false;
    const finish = (save: boolean) => {
      if (finished) return;
      finished = true;
      const value = box.value.trim();
      box.remove();
      text.hidden = false;
      if (save && value && value !== text.textContent) sendOrSay({ action: 'edit', id, message: value });
    };
    box.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') finish(false);
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        finish(true);
      }
    });
    box.addEventListener('blur', () => finish(false), { once: true });
  }

  list.addEventListener('click', (event) => {
    const item = messageOf(event.target);
    // Typing in the edit box, opening an image or following a reply's quote is not asking for the menu.
    if (!item || (event.target instanceof Element && event.target.closest('textarea, a, .reply-quote'))) return;
    const button = event.target instanceof Element ? event.target.closest<HTMLElement>('button') : null;
    if (button) return void act(item, button);
    if (!find(item, '.message-actions')) open(item);
  });
  list.addEventListener('keydown', (event) => {
    const item = messageOf(event.target);
    if (event.key === 'Escape') return void list.querySelector('.message-actions')?.remove();
    if (item && event.target === item && event.key === 'Enter') open(item);
  });
}
