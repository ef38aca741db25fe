import { csrfToken } from './dom.js';

/** A JSON answer of the server: `{ ok: true, ... }` or `{ ok: false, error, code }`. */
export type JsonAnswer = { ok: true; next?: string; [key: string]: unknown } | { ok: false; error: string; code?: string };

const UNREADABLE: JsonAnswer = { ok: false, error: '요청을 처리하지 못했습니다.' };
const OFFLINE: JsonAnswer = { ok: false, error: '서버에 연결하지 못했습니다. 잠시 후 다시 시도해 주세요.' };

/**
 * Posts a form as the server's JSON endpoints expect it: the CSRF header, files as
 * multipart, everything else as a urlencoded body. Never rejects: a network failure or an
 * unreadable answer comes back as `{ ok: false, error }` in Korean.
 */
export async function postForm(form: HTMLFormElement): Promise<JsonAnswer> {
  const data = new FormData(form);
  const body = form.enctype === 'multipart/form-data' ? data : urlencoded(data);
  return request(form.action, { method: 'POST', headers: { Accept: 'application/json', 'X-CSRF-Token': csrfToken() }, body });
}

/** Posts a JSON body with the CSRF header; like postForm, failures are answers. */
export function postJson(url: string, body: object): Promise<JsonAnswer> {
  return request(url, { method: 'POST', headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken() }, body: JSON.stringify(body) });
}

/** GETs a JSON endpoint; like postForm, failures are answers. */
export function getJson(url: string): Promise<JsonAnswer> {
  return request(url, { headers: { Accept: 'application/json' } });
}

function urlencoded(data: FormData): URLSearchParams {
  const fields = new URLSearchParams();
  for (const [name, value] of data) if (typeof value === 'string') fields.append(name, value);
  return fields;
}

async function request(url: string, init: RequestInit): Promise<JsonAnswer> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    return OFFLINE;
  }
  const body: unknown = await response.json().catch(() => null);
  return isAnswer(body) ? body : UNREADABLE;
}

function isAnswer(body: unknown): body is JsonAnswer {
  if (typeof body !== 'object' || body === null || !('ok' in body)) return false;
  return body.ok === true || (body.ok === false && 'error' in body && typeof body.error === 'string');
}
