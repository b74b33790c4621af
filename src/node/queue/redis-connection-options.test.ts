import { describe, expect, it } from 'vitest';
import { parseRedisUrl, redisConnectionOptions, RedisUrlError } from './redis-connection-options';

describe('Redis URLs', () => {
  it('reads host, port, db, credentials and TLS', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6380')).toEqual({ host: '127.0.0.1', port: 6380, db: 0, tls: false });
    expect(parseRedisUrl('rediss://al%40ice:s%3Acret@cache.example:7000/3')).toEqual({
      host: 'cache.example',
      port: 7000,
      db: 3,
      username: 'al@ice',
      password: 's:cret',
      tls: true,
    });
    expect(parseRedisUrl('redis://[::1]').port).toBe(6379);
    expect(parseRedisUrl('redis://[::1]').host).toBe('::1');
  });

  it('rejects other schemes and bad databases with the expected form', () => {
    expect(() => parseRedisUrl('localhost:6379')).toThrow(RedisUrlError);
    expect(() => parseRedisUrl('http://h:1')).toThrow(/must start with redis:\/\//);
    expect(() => parseRedisUrl('redis://h:1/x')).toThrow(/database/);
  });

  it('makes connections that wait for Redis instead of failing commands', () => {
    const o = redisConnectionOptions('redis://h:1') as { maxRetriesPerRequest: null; retryStrategy: (n: number) => number };
    expect(o.maxRetriesPerRequest).toBeNull();
    expect(o.retryStrategy(1)).toBe(100);
    expect(o.retryStrategy(1000)).toBe(2000);
  });
});
