import type { MessageEvent } from '../../bus/events.js';
import { byId, find } from '../shared/dom.js';

/**
 * The image panel beside the chat: thumbnails, newest first, each tile from `<template
 * id="image-tile-template">`. Scrolled to its end, it asks for older history (`loadOlder`,
 * the timeline's paging), whose images land at its end.
 */
export function createImagePanel(loadOlder: () => void) {
  const grid = byId('images');
  const template = byId<HTMLTemplateElement>('image-tile-template');
  grid.addEventListener('scroll', () => {
    if (grid.scrollHeight - grid.scrollTop - grid.clientHeight < 40) loadOlder();
  });

  /** A new image goes first; older ones (from history pages, newest first) at the end. */
  function add(message: MessageEvent, older = false): void {
    if (message.event !== 'image' || find(grid, `[data-id="${message.id}"]`)) return;
    const tile = template.content.firstElementChild?.cloneNode(true);
    if (!(tile instanceof HTMLAnchorElement)) throw new Error('#image-tile-template must hold one <a>');
    tile.href = message.url;
    tile.dataset.id = String(message.id);
    const image = find<HTMLImageElement>(tile, 'img');
    if (image) {
      image.src = message.thumb_url;
      image.alt = `${message.user.name}님이 올린 이미지`;
    }
    if (older) grid.append(tile);
    else grid.prepend(tile);
  }

  /** A deleted image message's tile goes. */
  function remove(id: number): void {
    find(grid, `[data-id="${id}"]`)?.remove();
  }

  return { add, remove, addOlder: (messages: readonly MessageEvent[]) => messages.forEach((message) => add(message, true)) };
}
