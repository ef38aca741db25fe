import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, signedUpPage } from '../support/browser.js';
import { testEnv } from '../support/context.js';
import { unique } from '../support/factories.js';
import { animatedImage, solidImage } from '../support/images.js';
import { useLocalS3 } from '../support/s3-server.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

// Alice uploads an image with a caption through the room page on one process; Bob, on the
// other, sees the thumbnail in a box reserved before it loaded, the caption under it, and
// the link to the display image. Both processes use the S3 driver (s3rver).

const local = useLocalS3();
let servers: ServerProcess[] = [];
let browser: Browser;
beforeAll(async () => {
  const env = testEnv(local.s3.env);
  [browser, ...servers] = await Promise.all([launchBrowser(), startServerProcess(env), startServerProcess(env)]);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((server) => server.stop()));
});
const url = (index: 0 | 1) => servers[index]?.url ?? '';

/** Uploads through the page's form, as a person does. */
async function uploadThroughPage(page: Page, file: { name: string; mimeType: string; buffer: Buffer }, caption: string): Promise<void> {
  await page.setInputFiles('.upload-form input[name=image]', file);
  await page.fill('.upload-form input[name=caption]', caption);
  await page.click('.upload-form button[type=submit]');
}

/** The timeline's image with a caption, once loaded, and where the browser put it. */
async function shownImage(page: Page, caption: string) {
  const item = page.locator(`#messages li.message:has(p.text:text-is("${caption}"))`);
  const image = item.locator('a.image-link img');
  await image.waitFor();
  // Runs in the page; the tests are compiled without the DOM's types, so the element is described.
  const natural = () => image.evaluate((img: { complete: boolean; naturalWidth: number; naturalHeight: number }) => (img.complete ? [img.naturalWidth, img.naturalHeight] : [0, 0]));
  await expect.poll(async () => (await natural())[0], { timeout: 5000 }).toBeGreaterThan(0);
  const [box, captionBox] = await Promise.all([image.boundingBox(), item.locator('p.text').boundingBox()]);
  const [width, height] = await natural();
  return {
    src: await image.getAttribute('src'),
    href: await item.locator('a.image-link').getAttribute('href'),
    attributes: { width: await image.getAttribute('width'), height: await image.getAttribute('height') },
    shown: { width: Math.round(box?.width ?? 0), height: Math.round(box?.height ?? 0) },
    natural: { width, height },
    captionBelow: (captionBox?.y ?? 0) >= (box?.y ?? 0) + (box?.height ?? 0),
  };
}

describe('images through the room page', () => {
  it("shows the other person's upload live: thumbnail in its reserved box, caption under it, a link to the image", async () => {
    const id = unique().slice(0, 6);
    const alice = await signedUpPage(browser, url(0), `앨리스_${id}`);
    await alice.page.fill('input[name=name]', `사진방 ${id}`);
    await Promise.all([alice.page.waitForURL(/\/rooms\/.+\/$/), alice.page.click('.create-room button[type=submit]')]);
    await alice.page.waitForSelector('#connection-status[data-state=open]');
    const bob = await signedUpPage(browser, url(1), `밥_${id}`);
    await Promise.all([bob.page.waitForURL(/\/rooms\/.+\/$/), bob.page.locator(`.room-item:has-text("사진방 ${id}") button[type=submit]`).click()]);
    await bob.page.waitForSelector('#connection-status[data-state=open]');

    await uploadThroughPage(alice.page, { name: 'sea.jpg', mimeType: 'image/jpeg', buffer: await solidImage('jpeg', 1600, 900, '#1971c2') }, '제주 바다 🌊');
    const live = await shownImage(bob.page, '제주 바다 🌊');
    expect(live.src).toMatch(/-thumb\.webp$/);
    expect(live.href).toBe(live.src?.replace('-thumb.webp', '.webp'));
    // 1600×900 fits the timeline's 240 px box as 240×135, reserved by the attributes.
    expect(live.attributes).toEqual({ width: '240', height: '135' });
    expect(live.shown).toEqual({ width: 240, height: 135 });
    expect(live.natural).toEqual({ width: 480, height: 270 });
    expect(live.captionBelow).toBe(true);
    expect(await bob.page.locator('#images a img').first().getAttribute('src')).toBe(live.src);

    await uploadThroughPage(alice.page, { name: 'cat.gif', mimeType: 'image/gif', buffer: await animatedImage('gif', { width: 300, height: 300, frames: 4 }) }, '움짤');
    expect((await shownImage(bob.page, '움짤')).attributes).toEqual({ width: '240', height: '240' });
    await screenshot(bob.page, 'images-live');

    // After a reload the server renders the same markup, the box reserved as before.
    await bob.page.reload();
    await bob.page.waitForSelector('#connection-status[data-state=open]');
    expect(await shownImage(bob.page, '제주 바다 🌊')).toMatchObject({ attributes: { width: '240', height: '135' }, src: live.src, captionBelow: true });
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });
});
