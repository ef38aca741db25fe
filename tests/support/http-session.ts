import { unique } from './factories.js';
import { csrfFrom } from './pages.js';

const PASSWORD = 'password-1234';

/**
 * A logged-in visitor of a running server (a real process, over real HTTP): keeps its
 * session cookie and CSRF token like a browser would.
 */
export class HttpSession {
  cookie = '';
  csrf = '';
  userId = 0;
  name = '';

  constructor(readonly baseUrl: string) {}

  /** Signs a new user up through /signup and remembers the session. */
  static async signUp(baseUrl: string, username = `u_${unique()}`): Promise<HttpSession> {
    const session = new HttpSession(baseUrl);
    await session.refreshCsrf('/signup');
    const res = await session.post('/signup', { email: `${username}@example.com`, username, password: PASSWORD });
    if (res.status !== 200) throw new Error(`signup failed: ${res.status} ${await res.text()}`);
    session.name = username;
    const home = await session.get('/');
    session.csrf = csrfFrom(await home.text());
    return session;
  }

  /** Logs a user made by signUp in again through /login, in a new session (a new cookie). */
  static async logIn(baseUrl: string, username: string): Promise<HttpSession> {
    const session = new HttpSession(baseUrl);
    await session.refreshCsrf('/login');
    const res = await session.post('/login', { email: `${username}@example.com`, password: PASSWORD });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    session.name = username;
    session.csrf = csrfFrom(await (await session.get('/')).text());
    return session;
  }

  async refreshCsrf(path = '/'): Promise<void> {
    this.csrf = csrfFrom(await (await this.get(path)).text());
  }

  async get(path: string, accept = 'text/html'): Promise<Response> {
    return this.keepCookie(await fetch(this.baseUrl + path, { headers: { Cookie: this.cookie, Accept: accept }, redirect: 'manual' }));
  }

  /** Posts a form the way an AJAX page does (JSON answer, CSRF header). */
  async post(path: string, form: Record<string, string>, accept = 'application/json'): Promise<Response> {
    const res = await fetch(this.baseUrl + path, {
      method: 'POST',
      headers: { Cookie: this.cookie, Accept: accept, 'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRF-Token': this.csrf },
      body: new URLSearchParams(form),
      redirect: 'manual',
    });
    return this.keepCookie(res);
  }

  /** Creates a room and returns its slug and id. */
  async createRoom(fields: Record<string, string> = {}): Promise<{ slug: string; id: number }> {
    const res = await this.post('/rooms', { name: `방 ${unique()}`, capacity: '10', ...fields });
    const body = (await res.json()) as { ok: boolean; slug: string };
    if (!body.ok) throw new Error(`room creation failed: ${JSON.stringify(body)}`);
    const page = await this.get(`/rooms/${encodeURIComponent(body.slug)}/`);
    const html = await page.text();
    const id = Number(/data-room-id="(\d+)"/.exec(html)?.[1] ?? 0);
    this.userId = Number(/data-user-id="(\d+)"/.exec(html)?.[1] ?? 0);
    return { slug: body.slug, id };
  }

  async enter(slug: string, password = ''): Promise<Response> {
    const res = await this.post(`/rooms/${encodeURIComponent(slug)}/enter`, { password });
    if (res.ok && !this.userId) {
      const html = await (await this.get(`/rooms/${encodeURIComponent(slug)}/`)).text();
      this.userId = Number(/data-user-id="(\d+)"/.exec(html)?.[1] ?? 0);
    }
    return res;
  }

  private keepCookie(res: Response): Response {
    const set = res.headers.getSetCookie().find((cookie) => cookie.startsWith('codingline.sid='));
    if (set) this.cookie = set.split(';')[0] ?? '';
    return res;
  }
}
