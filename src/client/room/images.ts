import type { MessageEvent } from '../../bus/events.js';
import { byId, find } from '../shared/dom.js';

/** The image panel beside the chat: thumbnails, newest first, each tile from `<template id="image-tile-template">`. */
export function createImagePanel() {
  const grid = byId('images');
  const template = byId<HTMLTemplateElement>('image-tile-template');

  function add(message: MessageEvent): void {
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
    grid.prepend(tile);
  }

  /** A deleted image message's tile goes. */
  function remove(id: number): void {
    find(grid, `[data-id="${id}"]`)?.remove();
  }

  return { add, remove };
}
