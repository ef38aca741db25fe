import { z } from 'zod';
import { yesNo } from '../collab/schemas.js';
import { NOTIFY_LEVELS } from './decide.js';

// Input schemas of the notification settings and push subscriptions (JSON or form bodies).

/** `POST /notifications/settings/`: either switch or both; a missing one stays as it is. */
export const switchesSchema = z
  .object({
    sound: yesNo('소리 알림 값이 올바르지 않습니다.').optional(),
    browser: yesNo('브라우저 알림 값이 올바르지 않습니다.').optional(),
  })
  .refine((input) => input.sound !== undefined || input.browser !== undefined, { error: '바꿀 설정(sound 또는 browser)을 보내 주세요.', path: ['form'] });

/** `POST /rooms/<slug>/notifications/`: `level`. */
export const roomLevelSchema = z.object({
  level: z.enum(NOTIFY_LEVELS, { error: '알림 설정은 all, mentions, none 중 하나여야 합니다.' }),
});

/** A push service endpoint: an absolute URL, as browsers give it. */
const endpoint = z.string({ error: '푸시 구독 주소가 올바르지 않습니다.' }).max(2048, { error: '푸시 구독 주소가 너무 깁니다.' }).pipe(z.url({ error: '푸시 구독 주소가 올바르지 않습니다.' }));
/** A key of the subscription, base64url as PushSubscription.toJSON() gives it. */
const key = (name: string) => z.string({ error: `${name} 키가 올바르지 않습니다.` }).regex(/^[A-Za-z0-9_-]{16,200}={0,2}$/, { error: `${name} 키가 올바르지 않습니다.` });

/** `POST /notifications/subscriptions/`: a PushSubscription's JSON (`endpoint`, `keys.p256dh`, `keys.auth`). */
export const subscriptionSchema = z
  .object({ endpoint, keys: z.object({ p256dh: key('p256dh'), auth: key('auth') }, { error: '구독 키(keys)가 올바르지 않습니다.' }) })
  .transform(({ endpoint, keys }) => ({ endpoint, p256dh: keys.p256dh, auth: keys.auth }));

/** `POST /notifications/subscriptions/remove/`: `endpoint`. */
export const unsubscribeSchema = z.object({ endpoint });
