import type { MemberRole } from '../../bus/events.js';
import type { RoomContext } from './context.js';
import { bindAjaxForms } from './forms.js';
import { setUpInviteLink } from './invite.js';
import { setUpSettingsDialog } from './room-settings.js';
import { clearStaffView, loadStaffView } from './staff-view.js';

interface ViewerRoleOptions {
  context: RoomContext;
  /** Draws every member row again with the controls the viewer has now. */
  redrawMembers: (role: MemberRole) => void;
}

/**
 * The viewer's own role changing while the page is open (appointed or dismissed as 부방장,
 * handed the room or handing it over), applied in place: a new owner or moderator gets the
 * staff view's parts from the server, one who is a member again loses them here. The
 * server checks every action again, whatever the page shows.
 */
export function createViewerRole({ context, redrawMembers }: ViewerRoleOptions) {
  let asked = 0;

  function become(role: MemberRole): void {
    context.role = role;
    context.isOwner = role === 'owner';
    const leave = document.getElementById('leave-form');
    const confirm = role === 'owner' ? leave?.dataset.ownerConfirm : leave?.dataset.memberConfirm;
    if (leave && confirm) leave.dataset.confirm = confirm;
    redrawMembers(role);
    bindAjaxForms();
    setUpInviteLink();
    setUpSettingsDialog();
  }

  return {
    /** Applies the viewer's new role; only the answer to the latest change counts. */
    changed(role: MemberRole): void {
      const ask = ++asked;
      if (role === 'member') {
        clearStaffView();
        return become('member');
      }
      void loadStaffView(context.basePath).then((answered) => {
        if (answered && ask === asked) become(answered);
      });
    },
  };
}
