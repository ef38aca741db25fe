import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchBrowser, screenshot } from '../support/browser.js';
import { testEnv } from '../support/context.js';
import { unique } from '../support/factories.js';
import { kakaoProfile, naverProfile, startOAuthProvider, type OAuthStandIn } from '../support/oauth-provider.js';
import { freePort } from '../support/ports.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

// Kakao and Naver sign-in through the pages, against local stand-ins of both providers.
let kakao: OAuthStandIn;
let naver: OAuthStandIn;
let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  [kakao, naver, browser] = await Promise.all([startOAuthProvider('kakao'), startOAuthProvider('naver'), launchBrowser()]);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  server = await startServerProcess(
    testEnv({
      ...kakao.env(),
      ...naver.env(),
      PORT: String(port),
      KAKAO_CALLBACK_URL: `${base}/auth/kakao/callback`,
      NAVER_CALLBACK_URL: `${base}/auth/naver/callback`,
    }),
  );
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await Promise.all([kakao?.close(), naver?.close()]);
});

async function freshPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  return { page, errors: collectPageErrors(page) };
}

describe('social sign-in in a real browser', () => {
  it('signs a new Kakao user up (nickname suggested, email asked), then signs them in again', async () => {
    const id = Math.floor(Math.random() * 1e9);
    const nickname = `카카오${unique().slice(0, 5)}`;
    const email = `kakao-${unique()}@example.com`;
    const { page, errors } = await freshPage();
    await page.goto(`${server.url}/login`);
    kakao.approveNext(kakaoProfile({ id, nickname }));
    await Promise.all([page.waitForURL(/\/auth\/social\/signup$/), page.click('text=카카오로 계속하기')]);
    expect(await page.inputValue('input[name=nickname]')).toBe(nickname);
    await screenshot(page, 'social-signup');
    await page.fill('input[name=email]', email);
    await Promise.all([page.waitForURL(`${server.url}/`), page.click('button[type=submit]')]);
    expect(await page.textContent('.who')).toBe(nickname);

    await page.click('text=로그아웃');
    await page.waitForURL(/\/login$/);
    kakao.approveNext(kakaoProfile({ id, nickname }));
    await Promise.all([page.waitForURL(`${server.url}/`), page.click('text=카카오로 계속하기')]);
    expect(await page.textContent('.who')).toBe(nickname);
    expect(errors, errors.join('\n')).toEqual([]);
  });

  it('signs a Naver user up with the email the provider gave, and shows a denied consent on the login page', async () => {
    const { page, errors } = await freshPage();
    await page.goto(`${server.url}/login`);
    naver.denyNext();
    await page.click('text=네이버로 계속하기');
    await page.waitForSelector('.form-error');
    expect(await page.textContent('.form-error')).toMatch(/동의/);

    const nickname = `네이버${unique().slice(0, 5)}`;
    naver.approveNext(naverProfile({ id: `n-${unique()}`, email: `naver-${unique()}@example.com`, nickname }));
    await page.goto(`${server.url}/login`);
    await Promise.all([page.waitForURL(/\/auth\/social\/signup$/), page.click('text=네이버로 계속하기')]);
    expect(await page.locator('input[name=email]').count()).toBe(0);
    await Promise.all([page.waitForURL(`${server.url}/`), page.click('button[type=submit]')]);
    expect(await page.textContent('.who')).toBe(nickname);
    expect(errors, errors.join('\n')).toEqual([]);
  });
});
