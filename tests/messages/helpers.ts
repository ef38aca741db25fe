import { afterAll } from 'vitest';
import { createAuthorCache } from '../../src/accounts/authors.js';
import type { Database } from '../../src/db/prisma.js';
import { createChatWriter } from '../../src/messages/chat-writer.js';
import { createMessageStore } from '../../src/messages/message-store.js';
import { testSqlPool } from '../support/context.js';

/** The message store on the test database, as the app builds it; its pool closes after the file. */
export function useMessageStore(db: Database) {
  const pool = testSqlPool();
  afterAll(() => pool.end());
  return createMessageStore({ db, writer: createChatWriter({ pool }), authors: createAuthorCache(db) });
}
