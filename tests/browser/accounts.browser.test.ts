import { describe, expect, it } from 'vitest';
import { collectPageErrors, screenshot, useBrowserAndServer } from '../support/browser.js';
import { unique } from '../support/factories.js';

const live = useBrowserAndServer();

describe('accounts in a real browser', () => {
  it('signs up, logs out and logs back in through the pages', async () => {
    const page = await live.browser.newPage({ viewport: { width: 390, height: 844 } });
    const errors = collectPageErrors(page);
    const id = unique();
    await page.goto(`${live.url}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await screenshot(page, 'login');

    await page.click('text=회원가입');
    await page.fill('input[name=email]', `browser-${id}@example.com`);
    await page.fill('input[name=username]', `브라우저_${id.slice(0, 6)}`);
    await page.fill('input[name=password]', 'short');
    await page.click('button[type=submit]');
    expect((await page.locator('#password-error').textContent())?.trim()).toBe('비밀번호는 8자 이상이어야 합니다.');
    await screenshot(page, 'signup-error');

    await page.fill('input[name=password]', 'long-enough-password');
    await page.click('button[type=submit]');
    await page.waitForURL(`${live.url}/`);
    expect(await page.locator('.who').textContent()).toBe(`브라우저_${id.slice(0, 6)}`);

    await page.click('text=로그아웃');
    await page.waitForURL(/\/login$/);
    await page.fill('input[name=email]', `browser-${id}@example.com`);
    await page.fill('input[name=password]', 'long-enough-password');
    await page.click('button[type=submit]');
    await page.waitForURL(`${live.url}/`);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });
});
