import type { Express } from 'express';
import request, { type Agent } from 'supertest';
import { expect } from 'vitest';
import type { Database } from '../../src/db/prisma.js';
import { unique } from '../support/factories.js';
import { csrfOf } from '../support/pages.js';

// Helpers for the rooms' HTTP tests: users signed up through the real pages, requests
// sent the way the pages and their scripts send them, and small readers of the HTML.

export const USER_PASSWORD = 'rooms-http-password';

export interface SignedIn {
  agent: Agent;
  user: { id: number; email: string; username: string };
  /** The CSRF token of the agent's logged-in session. */
  csrf: string;
}

/** Signs a fresh user up through `/signup`; the agent keeps the logged-in session. */
export async function signedInAgent(app: Express, db: Database): Promise<SignedIn> {
  const agent = request.agent(app);
  const id = unique();
  const email = `rooms-${id}@example.com`;
  // The token first: the agent attaches its cookies when a request is created.
  const signupCsrf = await csrfOf(agent, '/signup');
  const res = await agent.post('/signup').type('form').send({ email, username: `u_${id}`, password: USER_PASSWORD, _csrf: signupCsrf });
  expect(res.status).toBe(303);
  const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, username: true } });
  // Logging in regenerated the session, and with it the token.
  return { agent, user, csrf: await csrfOf(agent, '/') };
}

/** The same user signed in again through `/login`, in a session of its own (another tab, another device). */
export async function signedInAgain(app: Express, who: SignedIn): Promise<SignedIn> {
  const agent = request.agent(app);
  const loginCsrf = await csrfOf(agent, '/login');
  const res = await agent.post('/login').type('form').send({ email: who.user.email, password: USER_PASSWORD, _csrf: loginCsrf });
  expect(res.status).toBe(303);
  return { agent, user: who.user, csrf: await csrfOf(agent, '/') };
}

/** The room page's URL as the app writes it (Korean slugs percent-encoded). */
export const roomUrl = (slug: string) => `/rooms/${encodeURIComponent(slug)}/`;

/** An AJAX post as the pages' scripts send it: JSON wanted, the token in `X-CSRF-Token`, a JSON body. */
export function postJson(who: SignedIn, path: string, body: object = {}) {
  return who.agent.post(path).set('Accept', 'application/json').set('X-CSRF-Token', who.csrf).send(body);
}

/** An AJAX post with a form-encoded body, as `new URLSearchParams(new FormData(form))` sends it. */
export function postFormAjax(who: SignedIn, path: string, fields: Record<string, string> = {}) {
  return who.agent.post(path).set('Accept', 'application/json').set('X-CSRF-Token', who.csrf).type('form').send(fields);
}

/** A plain HTML form post (no script), the token as the `_csrf` field. */
export function postForm(who: SignedIn, path: string, fields: Record<string, string> = {}) {
  return who.agent.post(path).type('form').send({ ...fields, _csrf: who.csrf });
}

export function getPage(who: SignedIn, path: string) {
  return who.agent.get(path).set('Accept', 'text/html');
}

export function getJson(who: SignedIn, path: string) {
  return who.agent.get(path).set('Accept', 'application/json');
}

/** Creates a room through `POST /rooms` (JSON) and answers its slug and id. */
export async function createRoom(db: Database, owner: SignedIn, fields: Record<string, unknown> = {}): Promise<{ slug: string; id: number }> {
  const res = await postJson(owner, '/rooms', { name: `방 ${unique()}`, ...fields });
  expect(res.status, res.text).toBe(200);
  const slug = (res.body as { slug: string }).slug;
  const room = await db.room.findUniqueOrThrow({ where: { slug }, select: { id: true } });
  return { slug, id: room.id };
}

/** `POST /rooms/<slug>/enter` as the home page's script sends it. */
export function enter(who: SignedIn, slug: string, password?: string) {
  return postJson(who, `${roomUrl(slug)}enter`, password === undefined ? {} : { password });
}

/** The home page's two lists, "내 채팅방" and "공개 채팅방", as HTML. */
export function homeSections(html: string): { mine: string; public: string } {
  const mineAt = html.indexOf('<h2>내 채팅방</h2>');
  const publicAt = html.indexOf('<h2>공개 채팅방</h2>');
  expect(mineAt).toBeGreaterThan(-1);
  expect(publicAt).toBeGreaterThan(mineAt);
  return { mine: html.slice(mineAt, publicAt), public: html.slice(publicAt) };
}

/** One room's `<li>` in a list, or undefined when it is not listed. */
export function roomItem(html: string, slug: string): string | undefined {
  return new RegExp(`<li class="room-item" data-slug="${escapeRegExp(slug)}">[\\s\\S]*?</li>`).exec(html)?.[0];
}

/** The room page's member list: user id → that member's `<li>` HTML. */
export function memberItems(html: string): Map<number, string> {
  const list = /<ul id="members" class="members">([\s\S]*?)<\/ul>/.exec(html)?.[1];
  expect(list, 'room page has a member list').toBeDefined();
  return new Map([...(list ?? '').matchAll(/<li data-user-id="(\d+)"[^>]*>([\s\S]*?)<\/li>/g)].map((match) => [Number(match[1]), match[2] ?? '']));
}

/**
 * The user ids in the owner's banned list, or null when the page shows none (the empty
 * list inside the page's `<template>`s, for its script, is not shown).
 */
export function bannedIds(html: string): number[] | null {
  const shown = html.replace(/<template[\s\S]*?<\/template>/g, '');
  const list = /<ul class="members banned">([\s\S]*?)<\/ul>/.exec(shown)?.[1];
  if (list === undefined) return null;
  return [...list.matchAll(/data-banned-user-id="(\d+)"/g)].map((match) => Number(match[1]));
}

export interface PageForm {
  action: string;
  fields: Record<string, string>;
}

/** Every `<form method="post">` on a page with its hidden fields, to submit it as a browser would. */
export function postForms(html: string): PageForm[] {
  return [...html.matchAll(/<form method="post" action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)].map((match) => ({
    action: unescapeHtml(match[1] ?? ''),
    fields: Object.fromEntries(
      [...(match[2] ?? '').matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((input) => [input[1] ?? '', unescapeHtml(input[2] ?? '')]),
    ),
  }));
}

/** The one form on the page posting to `action` (with `user_id` = `userId` when given). */
export function formOf(html: string, action: string, userId?: number): PageForm {
  const found = postForms(html).filter((form) => form.action === action && (userId === undefined || form.fields.user_id === String(userId)));
  expect(found, `one form posting to ${action}${userId === undefined ? '' : ` for user ${userId}`}`).toHaveLength(1);
  return found[0] as PageForm;
}

/** Submits a page's form as a browser without scripts would, with extra typed-in fields. */
export function submit(who: SignedIn, form: PageForm, typed: Record<string, string> = {}) {
  return who.agent.post(form.action).type('form').send({ ...form.fields, ...typed });
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function unescapeHtml(value: string): string {
  return value.replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
