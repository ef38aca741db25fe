import { describe, expect, it } from 'vitest';
import { createRoom, roomUrl, signedInAgent } from '../collab/http-helpers.js';
import { useTestApp } from '../support/app.js';

// Pages are never kept by the browser (Back would show a stale room); static files are.
const harness = useTestApp();

describe('caching', () => {
  it('marks pages and answers no-store, and lets static files be cached', async () => {
    const owner = await signedInAgent(harness.app, harness.db);
    const { slug } = await createRoom(harness.db, owner);
    const room = await owner.agent.get(roomUrl(slug)).set('Accept', 'text/html').expect(200);
    expect(room.headers['cache-control']).toBe('no-store');
    const history = await owner.agent.get(`${roomUrl(slug)}messages/`).set('Accept', 'application/json').expect(200);
    expect(history.headers['cache-control']).toBe('no-store');
    const css = await owner.agent.get('/static/css/app.css').expect(200);
    expect(css.headers['cache-control']).toBe('public, max-age=3600');
  });
});
