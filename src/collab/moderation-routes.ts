import { Router, type Request, type Response } from 'express';
import { currentUser, requireLogin } from '../accounts/require-login.js';
import { done } from '../http/respond.js';
import { validate } from '../http/validate.js';
import type { createModerationService } from './moderation.js';
import { moderationSchema, muteSchema } from './schemas.js';
import { invitePath } from './invitations.js';
import { roomPath } from './paths.js';

type ModerationService = ReturnType<typeof createModerationService>;

/**
 * Owner controls and leaving: `POST /rooms/<slug>/{kick,unban,transfer,unmute}/` with
 * `user_id`, `POST /rooms/<slug>/mute/` with `user_id` and `minutes`, `POST /rooms/<slug>/leave/` and `POST /rooms/<slug>/delete/`. Every rule is the
 * service's, checked on the server; these handlers only parse and answer.
 */
export function moderationRouter({ moderation }: { moderation: ModerationService }): Router {
  const router = Router();
  router.use('/rooms/:slug', requireLogin);

  const targetAction = (action: 'kick' | 'unban' | 'transfer' | 'unmute') =>
    validate(moderationSchema, async ({ userId }, req: Request<{ slug: string }>, res: Response) => {
      await moderation[action]({ slug: req.params.slug, actorId: currentUser(req).id, userId });
      done(req, res, roomPath(req.params.slug));
    });
  router.post('/rooms/:slug/kick', targetAction('kick'));
  router.post('/rooms/:slug/unban', targetAction('unban'));
  router.post('/rooms/:slug/transfer', targetAction('transfer'));
  router.post('/rooms/:slug/unmute', targetAction('unmute'));
  router.post(
    '/rooms/:slug/mute',
    validate(muteSchema, async ({ userId, minutes }, req: Request<{ slug: string }>, res: Response) => {
      await moderation.mute({ slug: req.params.slug, actorId: currentUser(req).id, userId, minutes });
      done(req, res, roomPath(req.params.slug));
    }),
  );

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
