import type { ChatAuthor } from '../../bus/events.js';
import { byId } from '../shared/dom.js';

const SHOWN_MS = 3000;

/** "민지님이 입력 중…", "민지님과 준호님이 입력 중…", "민지님 외 2명이 입력 중…"; empty for no one. */
function typingText(names: readonly string[]): string {
  const [first, second] = names;
  if (first === undefined) return '';
  if (second === undefined) return `${first}님이 입력 중…`;
  if (names.length === 2) return `${first}님과 ${second}님이 입력 중…`;
  return `${first}님 외 ${names.length - 1}명이 입력 중…`;
}

/** "민지님이 입력 중…" under the timeline, each name for a few seconds after its last signal. */
export function createTypingIndicator() {
  const line = byId('typing');
  const typing = new Map<number, { name: string; timer: number }>();

  const render = () => {
    const names = [...typing.values()].map((entry) => entry.name);
    line.textContent = typingText(names);
  };

  function stop(userId: number): void {
    const entry = typing.get(userId);
    if (!entry) return;
    clearTimeout(entry.timer);
    typing.delete(userId);
    render();
  }

  function show(user: ChatAuthor): void {
    clearTimeout(typing.get(user.id)?.timer);
    typing.set(user.id, { name: user.name, timer: window.setTimeout(() => stop(user.id), SHOWN_MS) });
    render();
  }

  return { show, stop };
}
