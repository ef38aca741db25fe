import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import path from 'node:path';
import readline from 'node:readline';

const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** The server's own process id (tsx's child), e.g. for reading its memory use. */
  pid: number;
  /** Every JSON log line the server printed so far. */
  logs: Record<string, unknown>[];
  /** Resolves with the first log line (already printed or still to come) that matches. */
  waitForLog(match: (entry: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /**
   * Ends the server: SIGTERM lets it shut down in order (tsx relays the signal); SIGKILL
   * kills the server's own process (tsx's child, which SIGKILL on tsx would orphan), so
   * it dies without any cleanup, like a crashed machine.
   */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs the real server (src/server.ts) as its own process with exactly this environment
 * and resolves once it logs that it listens. PORT=0 picks a free port. `script` runs
 * another server the same way (the benchmark's ceiling server), which must log a JSON
 * line with `port`, `pid` and a `msg` saying "listening"; tsx passes `nodeArgs` (such as
 * `--inspect=…`) to the server's node.
 */
export async function startServerProcess(
  env: Record<string, string>,
  { script = 'src/server.ts', nodeArgs = [] }: { script?: string; nodeArgs?: string[] } = {},
): Promise<ServerProcess> {
  const child = spawn(tsx, [...nodeArgs, script], {
    cwd: root,
    // The helper reads the "listening" log line, so the level stays at info.
    env: { ...isolated(env), PORT: env.PORT ?? '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const lines = new EventEmitter();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const listening = new Promise<{ port: number; pid: number }>((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const entry = parseJson(line);
      if (!entry) return;
      logs.push(entry);
      lines.emit('line', entry);
      if (typeof entry.port === 'number' && typeof entry.pid === 'number' && String(entry.msg).includes('listening')) {
        resolve({ port: entry.port, pid: entry.pid });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening: ${stderr}`)));
  });
  const { port, pid } = await listening;
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    pid,
    logs,
    waitForLog: (match) => {
      const seen = logs.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => {
        const listener = (entry: Record<string, unknown>) => {
          if (!match(entry)) return;
          lines.off('line', listener);
          resolve(entry);
        };
        lines.on('line', listener);
      });
    },
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      if (signal === 'SIGKILL') process.kill(pid, signal);
      else child.kill(signal);
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}

/** Runs the server expecting it to refuse to start; resolves with its exit code and stderr. */
export async function runServerToExit(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(tsx, ['src/server.ts'], { cwd: root, env: isolated(env), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}

/** Only the given variables: no inherited environment and no developer's .env file. */
function isolated(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', DOTENV_CONFIG_PATH: '/dev/null', ...env };
}

function parseJson(line: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
