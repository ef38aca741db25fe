import { byId, csrfToken, find } from '../shared/dom.js';

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const FAILED = '올리지 못했습니다.';

/**
 * Image uploads from anywhere on the chat panel: dropped on it, pasted into the message
 * box, picked with the 📎 button, or sent with the side panel's form (which works without
 * JavaScript too). Each upload gets a row with its progress (XHR upload events) and a
 * cancel button; a refused one says why. The picture itself arrives as the room's `image`
 * event, like anyone else's.
 */
export function setUpUploads() {
  const form = byId<HTMLFormElement>('upload-form');
  const panel = byId('chat-panel');
  const rows = byId<HTMLUListElement>('uploads');
  const picker = byId<HTMLInputElement>('attach-input');

  function upload(file: File, caption = ''): void {
    const data = new FormData();
    data.append('image', file);
    data.append('caption', caption);
    const request = new XMLHttpRequest();
    const row = uploadRow(file.name, () => request.abort());
    rows.append(row.item);
    request.open('POST', form.action);
    request.setRequestHeader('Accept', 'application/json');
    request.setRequestHeader('X-CSRF-Token', csrfToken());
    request.upload.addEventListener('progress', (event) => event.lengthComputable && row.progress(event.loaded / event.total));
    request.addEventListener('load', () => {
      const error = answerError(request.responseText);
      if (error === null) return row.item.remove();
      row.fail(error);
    });
    request.addEventListener('error', () => row.fail('서버에 연결하지 못했습니다.'));
    request.addEventListener('abort', () => row.item.remove());
    request.send(data);
  }

  const images = (files: Iterable<File>) => [...files].filter((file) => IMAGE_TYPES.has(file.type));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const file = find<HTMLInputElement>(form, 'input[type=file]')?.files?.[0];
    if (!file) return;
    upload(file, find<HTMLInputElement>(form, 'input[name=caption]')?.value ?? '');
    form.reset();
  });
  const attach = byId('attach');
  attach.hidden = false;
  attach.addEventListener('click', () => picker.click());
  picker.addEventListener('change', () => {
    for (const file of images(picker.files ?? [])) upload(file);
    picker.value = '';
  });
  byId('chat-input').addEventListener('paste', (event) => {
    const pasted = images(event.clipboardData?.files ?? []);
    if (pasted.length === 0) return;
    event.preventDefault();
    for (const file of pasted) upload(file);
  });

  // Dragging files over the panel shows where to drop them; enter/leave pair up per child, so count them.
  let depth = 0;
  const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
  panel.addEventListener('dragenter', (event) => {
    if (!carriesFiles(event)) return;
    depth += 1;
    panel.classList.add('dropping');
  });
  panel.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) panel.classList.remove('dropping');
  });
  panel.addEventListener('dragover', (event) => {
    if (carriesFiles(event)) event.preventDefault();
  });
  panel.addEventListener('drop', (event) => {
    event.preventDefault();
    depth = 0;
    panel.classList.remove('dropping');
    for (const file of images(event.dataTransfer?.files ?? [])) upload(file);
  });
}

/** One upload's row: name, progress bar, cancel; on failure the reason and a close button. */
function uploadRow(name: string, cancel: () => void) {
  const item = document.createElement('li');
  const label = document.createElement('span');
  label.className = 'name';
  label.textContent = name;
  const bar = document.createElement('progress');
  bar.max = 1;
  bar.value = 0;
  bar.setAttribute('aria-label', `${name} 올리는 중`);
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'small';
  button.textContent = '취소';
  button.addEventListener('click', cancel, { once: true });
  item.append(label, bar, button);
  return {
    item,
    progress: (share: number) => (bar.value = share),
    fail(reason: string): void {
      item.classList.add('failed');
      bar.replaceWith(`: ${reason}`);
      button.textContent = '닫기';
      button.addEventListener('click', () => item.remove(), { once: true });
    },
  };
}

/** Null for `{ ok: true }`, else the server's Korean reason. */
function answerError(body: string): string | null {
  try {
    const answer = JSON.parse(body) as { ok?: unknown; error?: unknown };
    if (answer.ok === true) return null;
    return typeof answer.error === 'string' ? answer.error : FAILED;
  } catch {
    return FAILED;
  }
}
