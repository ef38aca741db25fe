import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import type { RedisNode } from '../config/config.js';
import { findBinary, killPidFile, waitFor, type PrivateInstance } from './private-instances.js';
import { redisAnswers } from './probe.js';
import { configuredValue } from './services.js';

/** A Redis Cluster node talks to the others on its port + 10000 (the cluster bus). */
const BUS_PORT_OFFSET = 10_000;

export interface RedisClusterInstance extends PrivateInstance {
  nodes: RedisNode[];
  /** The value for REDIS_CLUSTER_NODES: `127.0.0.1:7101,127.0.0.1:7102,…`. */
  seeds: string;
  /** Kills one node at once (SIGKILL: no goodbye to its clients), as a crash would. */
  killNode(port: number): void;
  /**
   * Starts a killed node again; it rejoins with its saved cluster configuration. Resolves
   * once the cluster is ok again (a restarted master serves its slots only after a
   * moment: until then they answer CLUSTERDOWN).
   */
  startNode(port: number): Promise<void>;
  /** Moves one slot, with its keys, from the master on one port to another's (resharding, as `redis-cli --cluster reshard` does). */
  moveSlot(slot: number, fromPort: number, toPort: number): Promise<void>;
  /** Empties every master (a test run's counters are keyed by row ids that fresh databases reuse). */
  flushAll(): Promise<void>;
}

/** The ports of a local cluster's nodes, and of their cluster bus (node to node). */
export interface ClusterPorts {
  ports: number[];
  busPorts: number[];
}

export interface RedisClusterOptions {
  /** How long a node may not answer before the others mark it failed (cluster-node-timeout). */
  nodeTimeoutMs?: number;
  /** Keep every write in an append-only file synced at once, so a killed node comes back with its data. */
  appendOnly?: boolean;
}

/**
 * Starts a Redis Cluster of one master per port (no replicas) from the locally installed
 * redis-server (7 or later: sharded pub/sub), its data under
 * `stateDir/redis-cluster-<first port>/` (made afresh; nodes a killed run left there are
 * stopped first), creates it with `redis-cli --cluster create`, and resolves once every
 * node reports `cluster_state:ok`. stop() ends the nodes and removes their data.
 */
export async function startRedisCluster({ ports, busPorts }: ClusterPorts, stateDir: string, options: RedisClusterOptions = {}): Promise<RedisClusterInstance> {
  const server = findBinary('redis-server');
  const cli = findBinary('redis-cli');
  if (!server || !cli) throw new Error('redis-server and redis-cli are needed for a local Redis Cluster (apt-get install redis-server)');
  const version = /v=(\d+)\./.exec(execFileSync(server, ['--version'], { encoding: 'utf8' }))?.[1];
  if (Number(version) < 7) throw new Error(`${server} is Redis ${version ?? '?'}; sharded pub/sub needs Redis 7 or later`);
  const dir = path.resolve(stateDir, `redis-cluster-${ports[0]}`);
  const nodeDir = (port: number) => path.join(dir, String(port));
  ports.forEach((port) => killPidFile(path.join(nodeDir(port), 'redis.pid'), 'SIGKILL'));
  rmSync(dir, { recursive: true, force: true });
  await ensureFree([...ports, ...busPorts]);
  const startNode = async (port: number) => {
    mkdirSync(nodeDir(port), { recursive: true });
    execFileSync(server, nodeArgs(port, busPorts[ports.indexOf(port)] ?? port + BUS_PORT_OFFSET, nodeDir(port), options));
    await waitFor(() => redisAnswers(nodeUrl(port)), `redis-server (cluster node ${port})`, path.join(nodeDir(port), 'redis.log'));
  };
  // SIGKILL: the data goes with the folder, so there is nothing to save on the way out.
  const stopAll = () => ports.forEach((port) => killPidFile(path.join(nodeDir(port), 'redis.pid'), 'SIGKILL'));
  try {
    await Promise.all(ports.map(startNode));
    const addresses = ports.map((port) => `127.0.0.1:${port}`);
    await promisify(execFile)(cli, ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes']);
    await waitFor(() => clusterOk(ports), 'the Redis Cluster (cluster_state:ok)', path.join(nodeDir(ports[0] ?? 0), 'redis.log'));
  } catch (error) {
    stopAll();
    throw error;
  }
  return {
    name: 'redis-cluster',
    nodes: ports.map((port) => ({ host: '127.0.0.1', port })),
    seeds: ports.map((port) => `127.0.0.1:${port}`).join(','),
    killNode: (port) => killPidFile(path.join(nodeDir(port), 'redis.pid'), 'SIGKILL'),
    startNode: async (port) => {
      await startNode(port);
      await waitFor(() => clusterOk(ports), 'the Redis Cluster (cluster_state:ok)', path.join(nodeDir(port), 'redis.log'));
    },
    moveSlot: (slot, fromPort, toPort) => moveSlot(ports, slot, fromPort, toPort),
    flushAll: async () => {
      await forEachNode(ports, (node) => node.flushall());
    },
    stop: () => {
      stopAll();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function nodeArgs(port: number, busPort: number, dir: string, { nodeTimeoutMs = 5000, appendOnly = false }: RedisClusterOptions): string[] {
  const persistence = appendOnly ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  return [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'yes',
    '--pidfile', path.join(dir, 'redis.pid'), '--logfile', path.join(dir, 'redis.log'), '--save', '', ...persistence,
    '--cluster-enabled', 'yes', '--cluster-port', String(busPort), '--cluster-config-file', path.join(dir, 'nodes.conf'), '--cluster-node-timeout', String(nodeTimeoutMs),
  ];
}

const nodeUrl = (port: number) => `redis://127.0.0.1:${port}`;

async function withNode<T>(port: number, run: (node: Redis) => Promise<T>): Promise<T> {
  const node = new Redis(nodeUrl(port), { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  node.on('error', () => {});
  try {
    await node.connect();
    return await run(node);
  } finally {
    node.disconnect();
  }
}

const forEachNode = <T>(ports: readonly number[], run: (node: Redis) => Promise<T>): Promise<T[]> => Promise.all(ports.map((port) => withNode(port, run)));

/** The steps of a resharding: mark the slot importing and migrating, move its keys, then tell every node its new owner. */
async function moveSlot(ports: readonly number[], slot: number, fromPort: number, toPort: number): Promise<void> {
  const [fromId, toId] = await Promise.all([fromPort, toPort].map((port) => withNode(port, (node) => node.cluster('MYID'))));
  if (fromId === undefined || toId === undefined) throw new Error('a node did not say its id');
  await withNode(toPort, (node) => node.cluster('SETSLOT', slot, 'IMPORTING', fromId));
  await withNode(fromPort, async (node) => {
    await node.cluster('SETSLOT', slot, 'MIGRATING', toId);
    for (let keys = await node.cluster('GETKEYSINSLOT', slot, 100); keys.length > 0; keys = await node.cluster('GETKEYSINSLOT', slot, 100)) {
      await node.migrate('127.0.0.1', toPort, '', 0, 5000, 'KEYS', ...keys);
    }
  });
  // The new owner first, then the old one, then the others, as redis-cli does.
  for (const port of [toPort, fromPort, ...ports.filter((other) => other !== toPort && other !== fromPort)]) {
    await withNode(port, (node) => node.cluster('SETSLOT', slot, 'NODE', toId));
  }
}

async function clusterOk(ports: readonly number[]): Promise<true | string> {
  try {
    const states = await forEachNode(ports, async (node) => /^cluster_state:(\w+)/m.exec(await node.cluster('INFO'))?.[1] ?? 'unknown');
    return states.every((state) => state === 'ok') || `cluster_state ${states.join(', ')}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * The ports of a local cluster of `count` nodes: LOCAL_REDIS_CLUSTER_PORTS (environment,
 * `.env`) when set, e.g. `7101/7191,7102/7192,7103/7193` (each node's port and its
 * cluster-bus port; without `/`, the bus port is port + 10000); else free ports now, so a
 * run's cluster collides with no other run's.
 */
export async function localClusterPorts(root: string, count: number): Promise<ClusterPorts> {
  const configured = configuredValue(root, 'LOCAL_REDIS_CLUSTER_PORTS');
  return configured ? parseClusterPorts(configured, count) : freeClusterPorts(count);
}

function parseClusterPorts(value: string, count: number): ClusterPorts {
  const pairs = value.split(',').map((item) => item.trim().split('/').map(Number));
  const valid = (port: number | undefined) => port !== undefined && Number.isInteger(port) && port > 0 && port < 65536;
  if (pairs.length !== count || !pairs.every(([port, bus]) => valid(port) && (bus === undefined || valid(bus)))) {
    throw new Error(`LOCAL_REDIS_CLUSTER_PORTS must list ${count} ports, each optionally with its bus port (7101/7191,…); it is "${value}"`);
  }
  return { ports: pairs.map(([port]) => port!), busPorts: pairs.map(([port, bus]) => bus ?? port! + BUS_PORT_OFFSET) };
}

async function freeClusterPorts(count: number): Promise<ClusterPorts> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = 20_000 + Math.floor(Math.random() * 9_000);
    const ports = Array.from({ length: count }, (_, index) => base + index);
    const busPorts = ports.map((port) => port + BUS_PORT_OFFSET);
    const free = await Promise.all([...ports, ...busPorts].map(portFree));
    if (free.every(Boolean)) return { ports, busPorts };
  }
  throw new Error(`found no ${count} free ports (and their cluster-bus ports) between 20000 and 29000`);
}

async function ensureFree(ports: readonly number[]): Promise<void> {
  const taken = (await Promise.all(ports.map(async (port) => ((await portFree(port)) ? null : port)))).filter((port) => port !== null);
  if (taken.length > 0) throw new Error(`ports ${taken.join(', ')} are in use: a Redis Cluster needs them free (see LOCAL_REDIS_CLUSTER_PORTS)`);
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
