import { vapidEnvLines } from './vapid-keys.js';

// npm run vapid:keys — prints a fresh VAPID key pair as .env lines. Generate it once per
// deployment and keep it: browsers' subscriptions are bound to the public key, so a new pair
// means every user must allow notifications again. (`npm run dev` fills a missing pair into
// .env by itself.)

for (const line of vapidEnvLines('mailto:you@example.com')) console.log(line);
