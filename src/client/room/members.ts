import type { ChatAuthor, MemberRole as Role } from '../../bus/events.js';
import { byId, find } from '../shared/dom.js';
import type { RoomContext } from './context.js';
import { bindAjaxForms } from './forms.js';
import { createMemberMutes } from './member-mutes.js';


/**
 * The member list, kept current from the room's events alone (no page is downloaded
 * again): who is a member (member_joined, member_left, member_kicked), who is online
 * (presence, user_joined, user_left), who owns the room (owner_changed), who is muted
 * (member_muted, member_unmuted), and for the owner the banned list and the controls. Rows come from `<template id="member-template">`
 * and `#banned-template`, rendered by the server from the same partials as its own rows.
 */
export function createMembers(context: RoomContext) {
  const list = byId<HTMLUListElement>('members');
  let isOwner = context.isOwner;
  let isStaff = context.role !== 'member';
  let online = new Set<number>();
  const mutes = createMemberMutes(list);

  const rowOf = (userId: number) => find<HTMLLIElement>(list, `li[data-user-id="${userId}"]`);
  const bannedRowOf = (userId: number) => document.querySelector<HTMLLIElement>(`#banned-section li[data-banned-user-id="${userId}"]`);

  function render(user: ChatAuthor, role: Role): HTMLLIElement {
    // Looked up each time: a change of the viewer's role puts a new template in place.
    const row = clone<HTMLLIElement>(byId<HTMLTemplateElement>('member-template'), HTMLLIElement);
    row.dataset.userId = String(user.id);
    fillName(row, user.name);
    row.dataset.role = role;
    if (role !== 'owner') find(row, '.badge.owner')?.remove();
    if (role !== 'moderator') find(row, '.badge.moderator')?.remove();
    if (user.id !== context.myId) find(row, '.badge.me')?.remove();
    const controls = find(row, '.owner-controls');
    // The owner acts on everyone else; a moderator on ordinary members only.
    if (!isStaff || user.id === context.myId || (!isOwner && role !== 'member')) controls?.remove();
    else if (controls) {
      forUser(controls, user);
      mutes.setUpForm(controls);
    }
    row.classList.toggle('online', online.has(user.id));
    return row;
  }

  function showOnline(): void {
    for (const row of list.querySelectorAll<HTMLElement>('li[data-user-id]')) row.classList.toggle('online', online.has(Number(row.dataset.userId)));
    byId('online-count').textContent = String(online.size);
  }

  const countMembers = () => {
    byId('member-count').textContent = String(list.querySelectorAll('li[data-user-id]').length);
  };

  /** Takes a member's row out of the list; their name, when they had one. */
  function removeRow(userId: number): string | null {
    const row = rowOf(userId);
    if (!row) return null;
    const name = find(row, '.name')?.textContent ?? '';
    row.remove();
    countMembers();
    return name;
  }

  function addBanned(userId: number, name: string): void {
    if (!isStaff || bannedRowOf(userId)) return;
    let section = document.getElementById('banned-section');
    if (!section) {
      section = clone<HTMLElement>(byId<HTMLTemplateElement>('banned-list-template'), HTMLElement);
      byId('banned-slot').append(section);
    }
    const row = clone<HTMLLIElement>(byId<HTMLTemplateElement>('banned-template'), HTMLLIElement);
    row.dataset.bannedUserId = String(userId);
    fillName(row, name);
    forUser(row, { id: userId, name });
    find(section, 'ul')?.append(row);
  }

  function removeBanned(userId: number): void {
    bannedRowOf(userId)?.remove();
    const section = document.getElementById('banned-section');
    if (section && !find(section, 'li')) section.remove();
  }

  const roleOf = (userId: number): Role => {
    const role = rowOf(userId)?.dataset.role;
    return role === 'owner' || role === 'moderator' ? role : 'member';
  };

  function roleChanged(userId: number, role: Role): void {
    const row = rowOf(userId);
    if (!row) return;
    const fresh = render({ id: userId, name: find(row, '.name')?.textContent ?? '', avatar: null }, role);
    if (row.dataset.mutedUntil) fresh.dataset.mutedUntil = row.dataset.mutedUntil;
    row.replaceWith(fresh);
  }

  return {
    muted: mutes.muted,
    unmuted: mutes.unmuted,
    /** A member's name as the list shows it; undefined for someone not listed. */
    nameOf: (userId: number): string | undefined => find(list, `li[data-user-id="${userId}"] .name`)?.textContent ?? undefined,
    /** The members, for "@" suggestions and mention highlighting. */
    everyone: (): { id: number; name: string }[] =>
      [...list.querySelectorAll<HTMLElement>('li[data-user-id]')].map((row) => ({ id: Number(row.dataset.userId), name: find(row, '.name')?.textContent ?? '' })),
    /** `presence`: the whole list of who is online. */
    setOnline(ids: readonly number[]): void {
      online = new Set(ids);
      showOnline();
    },
    /** `user_joined` / `user_left`: one user, at once (the coalesced presence list follows). */
    markOnline(userId: number, isOnline: boolean): void {
      if (isOnline) online.add(userId);
      else online.delete(userId);
      showOnline();
    },
    joined(user: ChatAuthor, role: Role): void {
      removeBanned(user.id);
      if (rowOf(user.id)) return;
      list.append(render(user, role));
      countMembers();
    },
    left(userId: number): void {
      removeRow(userId);
    },
    /** Out of the member list; for the owner, into the banned list. */
    kicked(userId: number): void {
      const name = removeRow(userId);
      if (name !== null) addBanned(userId, name);
    },
    unbanned(userId: number): void {
      removeBanned(userId);
    },
    /** A member's role as the list shows it ('member' for someone not listed). */
    roleOf,
    /** `role_changed` (and both sides of a transfer): the row is drawn again with its badges and the viewer's controls for it. */
    roleChanged,
    ownerChanged(ownerId: number, previousOwnerId: number): void {
      roleChanged(previousOwnerId, 'member');
      roleChanged(ownerId, 'owner');
    },
    /** The viewer's own role changed (the page's templates already are the new role's): every row is drawn again with the viewer's controls for it. */
    setViewerRole(role: Role): void {
      isOwner = role === 'owner';
      isStaff = role !== 'member';
      for (const row of list.querySelectorAll<HTMLElement>('li[data-user-id]')) {
        const userId = Number(row.dataset.userId);
        roleChanged(userId, roleOf(userId));
      }
    },
  };
}

/** The first element of a server-rendered `<template>`, a fresh copy. */
function clone<T extends Element>(template: HTMLTemplateElement, type: abstract new () => T): T {
  const element = template.content.firstElementChild?.cloneNode(true);
  if (!(element instanceof type)) throw new Error(`#${template.id} must hold one ${type.name}`);
  return element;
}

function fillName(row: Element, name: string): void {
  const element = find(row, '.name');
  if (element) element.textContent = name;
}

/** Points a row's forms at one user: its `user_id` fields, its confirmations ("{name}" in the template). */
function forUser(root: Element, user: { id: number; name: string }): void {
  for (const field of root.querySelectorAll<HTMLInputElement>('input[name="user_id"]')) field.value = String(user.id);
  for (const form of root.querySelectorAll<HTMLFormElement>('form[data-confirm]')) form.dataset.confirm = form.dataset.confirm?.replace('{name}', user.name);
  bindAjaxForms(root);
}
