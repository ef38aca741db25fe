import type { MemberRole } from '../../bus/events.js';
import { getJson } from '../shared/http.js';

/** The page's role-dependent parts (views/partials/staff-view.ejs), by id; a member's are empty or staff-free. */
const EMPTY_FOR_MEMBERS = ['owner-actions', 'invite-slot', 'notice-compose-slot', 'notice-clear-slot', 'banned-slot', 'settings-slot'];

/**
 * Asks for the staff view (GET /rooms/<slug>/staff-view/) and puts each of its parts in
 * place of the page's element with the same id. Answers the role it was rendered for, or
 * null when the viewer is not staff (any more) or no answer came.
 */
export async function loadStaffView(basePath: string): Promise<MemberRole | null> {
  const answer = await getJson(`${basePath}/staff-view/`);
  if (!answer.ok || (answer.role !== 'owner' && answer.role !== 'moderator') || typeof answer.html !== 'string') return null;
  const parsed = new DOMParser().parseFromString(answer.html, 'text/html');
  for (const part of [...parsed.body.children]) if (part.id) document.getElementById(part.id)?.replaceWith(document.adoptNode(part));
  return answer.role;
}

/** The viewer is an ordinary member again: the staff's parts go, and the templates lose their staff controls. */
export function clearStaffView(): void {
  for (const id of EMPTY_FOR_MEMBERS) document.getElementById(id)?.replaceChildren();
  for (const template of document.querySelectorAll<HTMLTemplateElement>('#role-templates template')) {
    if (template.id.startsWith('banned')) template.remove();
    else for (const control of template.content.querySelectorAll('.owner-controls, .pin')) control.remove();
  }
}
