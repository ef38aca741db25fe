import bcrypt from 'bcrypt';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_LIMITS } from '../../src/accounts/login-throttle.js';
import { testRedis } from '../support/app.js';
import { testDatabase, testEnv } from '../support/context.js';
import { buildUser, unique } from '../support/factories.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { freshNetwork, tally, Visitor, type Answer } from '../support/visitor.js';

// Attacks on POST /login, performed against a running server process (real MariaDB and
// Redis) behind one trusted proxy hop, so each test chooses its client addresses.

const PASSWORD = 'the-right-password';
const db = testDatabase();
let server: ServerProcess;
let redis: Redis;
beforeAll(async () => {
  [server, redis] = await Promise.all([startServerProcess(testEnv({ TRUST_PROXY_HOPS: '1' })), testRedis()]);
});
afterAll(async () => {
  await server.stop();
  redis.disconnect();
  await db.$disconnect();
});

/** A user with a password, and its address as stored (lower-case). */
async function victim(): Promise<string> {
  const email = `victim-${unique()}@example.com`;
  await buildUser(db, { email, passwordHash: await bcrypt.hash(PASSWORD, 4) });
  return email;
}

const logIn = (visitor: Visitor, email: string, password: string) => visitor.post('/login', { email, password });

/** Attempts that reached the password check: answered INVALID_CREDENTIALS, or signed in. */
const evaluated = (answers: Answer[]) => answers.filter((answer) => answer.body.code === 'INVALID_CREDENTIALS' || answer.body.ok).length;

describe('POST /login throttling', () => {
  it('lets at most 5 of 200 parallel wrong passwords for one account reach bcrypt', async () => {
    const email = await victim();
    const attacker = await Visitor.at(server.url, freshNetwork().host(1));
    const answers = await Promise.all(Array.from({ length: 200 }, () => logIn(attacker, email, 'wrong-password')));
    expect(evaluated(answers), JSON.stringify(tally(answers))).toBeLessThanOrEqual(LOGIN_LIMITS.perAccountAndAddress);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(200 - LOGIN_LIMITS.perAccountAndAddress);
    for (const answer of refused) {
      expect(answer.body.code).toBe('TOO_MANY_ATTEMPTS');
      expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    }
  });

  it('lets at most 20 of 200 parallel logins for 200 accounts from one /64 reach bcrypt', async () => {
    const network = freshNetwork();
    const attackers = await Promise.all(Array.from({ length: 10 }, (_, i) => Visitor.at(server.url, network.host(i))));
    const batch = unique();
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => logIn(attackers[i % attackers.length] as Visitor, `spray-${batch}-${i}@example.com`, 'wrong-password')),
    );
    expect(evaluated(answers), JSON.stringify(tally(answers))).toBeLessThanOrEqual(LOGIN_LIMITS.perAddress);
    expect(answers.filter((answer) => answer.status === 429).length).toBeGreaterThanOrEqual(200 - LOGIN_LIMITS.perAddress);
    // Refused attempts leave no per-account counters behind.
    expect((await redis.keys(`ratelimit:{login}:account:spray-${batch}-*`)).length).toBeLessThanOrEqual(LOGIN_LIMITS.perAddress);
  });

  it('counts every spelling of one address on one counter, and refuses accented ones without checking the password', async () => {
    const email = await victim();
    const fullWidth = [...email].map((char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0)).join('');
    const attacker = await Visitor.at(server.url, freshNetwork().host(1));
    const spellings = [email.toUpperCase(), `  ${email}  `, fullWidth, email.replace('@example.com', '@EXAMPLE.com'), fullWidth.toUpperCase()];
    for (const spelling of spellings) expect((await logIn(attacker, spelling, 'wrong-password')).body.code).toBe('INVALID_CREDENTIALS');

    // The fifth wrong try used up this address's attempts on the account, whatever the spelling.
    for (const spelling of [email, fullWidth, ` ${email.toUpperCase()}`]) {
      expect((await logIn(attacker, spelling, PASSWORD)).body.code).toBe('TOO_MANY_ATTEMPTS');
    }
    // The database would match "vìctim" to "victim" (utf8mb4_unicode_ci); it never gets asked.
    const accented = await logIn(attacker, email.replace('i', 'ì'), PASSWORD);
    expect(accented).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(await redis.keys(`ratelimit:{login}:account:*${email.slice('victim-'.length, 'victim-'.length + 12)}*`)).toEqual([`ratelimit:{login}:account:${email}`]);
  });

  it('never locks the owner out: past the account limit only addresses that already tried it are refused', async () => {
    const email = await victim();
    // An attacker guesses from many networks until the account-wide limit is reached.
    const attackers = await Promise.all(Array.from({ length: 10 }, () => Visitor.at(server.url, freshNetwork().host(1))));
    for (const attacker of attackers) {
      for (let guess = 0; guess < 5; guess += 1) expect((await logIn(attacker, email, `guess-${guess}`)).body.code).toBe('INVALID_CREDENTIALS');
    }
    expect(5 * attackers.length).toBe(LOGIN_LIMITS.perAccount);
    // Past it, a network that already guessed is refused; a new one gets one guess only.
    expect((await logIn(attackers[0] as Visitor, email, 'guess-again')).body.code).toBe('TOO_MANY_ATTEMPTS');
    const newcomer = await Visitor.at(server.url, freshNetwork().host(1));
    expect((await logIn(newcomer, email, 'first-guess')).body.code).toBe('INVALID_CREDENTIALS');
    expect((await logIn(newcomer, email, 'second-guess')).body.code).toBe('TOO_MANY_ATTEMPTS');

    // The owner, at home, with the right password.
    const owner = await Visitor.at(server.url, freshNetwork().host(1));
    expect(await logIn(owner, email, PASSWORD)).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('starts an account afresh after a right password', async () => {
    const email = await victim();
    const owner = await Visitor.at(server.url, freshNetwork().host(1));
    for (let round = 0; round < 3; round += 1) {
      for (let typo = 0; typo < 4; typo += 1) expect((await logIn(owner, email, 'typo')).body.code).toBe('INVALID_CREDENTIALS');
      expect((await logIn(owner, email, PASSWORD)).body.ok).toBe(true);
      await owner.refreshCsrf('/');
    }
  });
});
