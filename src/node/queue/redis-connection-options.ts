// redis://[user:password@]host:port[/db] (or rediss:// for TLS) → BullMQ connection options.
// Every connection retries for ever (ioredis' reconnect, no per-command retry limit), so a
// Redis restart mid-sweep pauses the submitter and the workers instead of failing them.
import type { ConnectionOptions } from 'bullmq';

export class RedisUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisUrlError';
  }
}

export interface RedisEndpoint {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
}

export function parseRedisUrl(url: string): RedisEndpoint {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new RedisUrlError(`'${url}' is not a Redis URL; write redis://host:port (e.g. redis://127.0.0.1:6379).`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new RedisUrlError(`'${url}' must start with redis:// (or rediss:// for TLS), e.g. redis://127.0.0.1:6379.`);
  }
  if (!u.hostname) throw new RedisUrlError(`'${url}' has no host; write redis://host:port.`);
  const port = u.port ? Number(u.port) : 6379;
  const dbText = u.pathname.replace(/^\//, '');
  const db = dbText ? Number(dbText) : 0;
  if (!Number.isInteger(db) || db < 0) throw new RedisUrlError(`'${url}': the database after the port must be a number (redis://host:port/0).`);
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port,
    db,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    tls: u.protocol === 'rediss:',
  };
}

/** Connection options for a Queue, Worker or QueueEvents on `url`. */
export function redisConnectionOptions(url: string): ConnectionOptions {
  const e = parseRedisUrl(url);
  return {
    host: e.host,
    port: e.port,
    db: e.db,
    ...(e.username !== undefined ? { username: e.username } : {}),
    ...(e.password !== undefined ? { password: e.password } : {}),
    ...(e.tls ? { tls: {} } : {}),
    // Commands wait for the reconnect instead of failing after 20 tries (BullMQ workers require it).
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
  };
}
