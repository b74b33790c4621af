export interface RedisServer {
  readonly port: number;
  readonly url: string;
  readonly pid: number | undefined;
  /** Stops and starts the server on the same port (data lost: no persistence), `downMs` apart. */
  restart(downMs?: number): Promise<void>;
  /** Stops the server and removes its temp dir. */
  stop(): Promise<void>;
}
export declare function ensureRedisServer(): string;
export declare function freePort(): Promise<number>;
export declare function startRedis(options?: { port?: number }): Promise<RedisServer>;
