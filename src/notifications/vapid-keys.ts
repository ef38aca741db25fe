import { readFileSync, writeFileSync } from 'node:fs';
import webpush from 'web-push';

/** A fresh VAPID key pair as the three .env lines (the subject a placeholder for development). */
export function vapidEnvLines(subject = 'mailto:dev@localhost'): string[] {
  const keys = webpush.generateVAPIDKeys();
  return [`VAPID_PUBLIC_KEY=${keys.publicKey}`, `VAPID_PRIVATE_KEY=${keys.privateKey}`, `VAPID_SUBJECT=${subject}`];
}

const VAPID_LINE = /^VAPID_(PUBLIC_KEY|PRIVATE_KEY|SUBJECT)=.*$/;

/**
 * Development: when the .env file at `envPath` has no VAPID keys (and the environment gives
 * none), writes a fresh pair into it and answers the lines written, to be printed; else null.
 * A key pair set only partly is left alone: the server's start-up check names it.
 */
export function fillMissingVapidKeys(envPath: string, env: NodeJS.ProcessEnv = process.env): string[] | null {
  const text = readFileSync(envPath, 'utf8');
  const set = (name: string) => Boolean(env[name]) || new RegExp(`^${name}=\\S`, 'm').test(text);
  if (['VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY', 'VAPID_SUBJECT'].some(set)) return null;
  const lines = vapidEnvLines();
  const kept = text.split('\n').filter((line) => !VAPID_LINE.test(line));
  writeFileSync(envPath, `${kept.join('\n').trimEnd()}\n${lines.join('\n')}\n`);
  return lines;
}
