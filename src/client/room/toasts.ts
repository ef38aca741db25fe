import { byId } from '../shared/dom.js';

const SHOWN_MS = 8000;

/** A short notice in the corner (a mention in another room), with a link; it goes by itself. */
export function showToast(text: string, link: { href: string; label: string }): void {
  const toast = document.createElement('div');
  toast.className = 'toast';
  toast.setAttribute('role', 'status');
  const message = document.createElement('p');
  message.textContent = text;
  const anchor = document.createElement('a');
  anchor.href = link.href;
  anchor.textContent = link.label;
  toast.append(message, anchor);
  byId('toasts').append(toast);
  setTimeout(() => toast.remove(), SHOWN_MS);
}
