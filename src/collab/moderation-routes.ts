import { Router, type Request, type Response } from 'express';
import { currentUser, requireLogin } from '../accounts/require-login.js';
import { done } from '../http/respond.js';
import { validate } from '../http/validate.js';
import type { createModerationService } from './moderation.js';
import type { ModeratorService } from './moderators.js';
import type { NoticeService } from './notice.js';
import { moderationSchema, muteSchema, noticeSchema } from './schemas.js';
import { invitePath } from './invitations.js';
import { roomPath } from './paths.js';
import type { TargetInput } from './staff.js';

type ModerationService = ReturnType<typeof createModerationService>;

/**
 * Staff controls and leaving: `POST /rooms/<slug>/{kick,unban,transfer,unmute}/` with
 * `user_id`, `POST /rooms/<slug>/mute/` with `user_id` and `minutes`, moderators appointed
 * and removed with `POST /rooms/<slug>/moderators/` and `…/moderators/remove/` (`user_id`),
 * the notice pinned with `POST /rooms/<slug>/notice/` (`message_id` or `text`) and cleared
 * with `…/notice/clear/`, `POST /rooms/<slug>/leave/` and `POST /rooms/<slug>/delete/`. Every rule is the
 * service's, checked on the server; these handlers only parse and answer.
 */
export function moderationRouter({ moderation, moderators, notices }: { moderation: ModerationService; moderators: ModeratorService; notices: NoticeService }): Router {
  const router = Router();
  router.use('/rooms/:slug', requireLogin);

  const targetAction = (act: (input: TargetInput) => Promise<unknown>) =>
    validate(moderationSchema, async ({ userId }, req: Request<{ slug: string }>, res: Response) => {
      await act({ slug: req.params.slug, actorId: currentUser(req).id, userId });
      done(req, res, roomPath(req.params.slug));
    });
  router.post('/rooms/:slug/kick', targetAction(moderation.kick));
  router.post('/rooms/:slug/unban', targetAction(moderation.unban));
  router.post('/rooms/:slug/transfer', targetAction(moderation.transfer));
  router.post('/rooms/:slug/unmute', targetAction(moderation.unmute));
  router.post('/rooms/:slug/moderators', targetAction(moderators.appoint));
  router.post('/rooms/:slug/moderators/remove', targetAction(moderators.dismiss));
  router.post(
    '/rooms/:slug/mute',
    validate(muteSchema, async ({ userId, minutes }, req: Request<{ slug: string }>, res: Response) => {
      await moderation.mute({ slug: req.params.slug, actorId: currentUser(req).id, userId, minutes });
      done(req, res, roomPath(req.params.slug));
    }),
  );

  router.post(
    '/rooms/:slug/notice',
    validate(noticeSchema, async (source, req: Request<{ slug: string }>, res: Response) => {
      const notice = await notices.pin({ slug: req.params.slug, actorId: currentUser(req).id, source });
      done(req, res, roomPath(req.params.slug), { notice });
    }),
  );
  router.post('/rooms/:slug/notice/clear', async (req, res) => {
    await notices.clear({ slug: req.params.slug, actorId: currentUser(req).id });
    done(req, res, roomPath(req.params.slug), { notice: null });
  });

  router.post('/rooms/:slug/invite', async (req, res) => {
    const token = await moderation.renewInvite({ slug: req.params.slug, actorId: currentUser(req).id });
    done(req, res, roomPath(req.params.slug), { invite: invitePath(token) });
  });

  router.post('/rooms/:slug/leave', async (req, res) => {
    const { roomDeleted } = await moderation.leave({ slug: req.params.slug, userId: currentUser(req).id });
    done(req, res, '/', { roomDeleted });
  });

  router.post('/rooms/:slug/delete', async (req, res) => {
    await moderation.deleteRoom({ slug: req.params.slug, actorId: currentUser(req).id });
    done(req, res, '/');
  });

  return router;
}
