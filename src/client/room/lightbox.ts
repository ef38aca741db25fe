import { byId, find } from '../shared/dom.js';

/**
 * The image viewer: a thumbnail in the timeline or the image panel opens its image in a
 * full-screen dialog instead of a new tab; ← and → (or the buttons) walk through the
 * room's images in timeline order, Escape closes. Without JavaScript the links open the
 * image itself.
 */
export function setUpLightbox(): void {
  const dialog = byId<HTMLDialogElement>('lightbox');
  const picture = find<HTMLImageElement>(dialog, 'img');
  const caption = find(dialog, 'figcaption');
  const counter = find(dialog, '.counter');
  let links: HTMLAnchorElement[] = [];
  let index = 0;

  function show(at: number): void {
    const link = links[at];
    if (!link || !picture) return;
    index = at;
    picture.src = link.href;
    picture.alt = find<HTMLImageElement>(link, 'img')?.alt ?? '';
    if (caption) caption.textContent = link.closest('li')?.querySelector('.text')?.textContent ?? '';
    if (counter) counter.textContent = `${at + 1} / ${links.length}`;
  }

  const step = (by: number) => show((index + by + links.length) % links.length);

  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>('#messages a.image-link, #images a') : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    links = [...document.querySelectorAll<HTMLAnchorElement>('#messages a.image-link')];
    const at = links.findIndex((candidate) => candidate.href === link.href);
    if (at < 0) links = [link];
    show(Math.max(0, at));
    dialog.showModal();
  });
  dialog.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowLeft') step(-1);
    else if (event.key === 'ArrowRight') step(1);
  });
  find(dialog, '.previous')?.addEventListener('click', () => step(-1));
  find(dialog, '.next')?.addEventListener('click', () => step(1));
  find(dialog, '.close')?.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => picture?.removeAttribute('src'));
}
