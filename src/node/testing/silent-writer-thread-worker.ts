// Tests only: an events writer thread that takes every message and never answers (a hung
// thread), so the run's side can be shown to report it instead of waiting forever.
import { workerData, type MessagePort } from 'node:worker_threads';

const { port } = workerData as { port: MessagePort };
port.on('message', () => undefined);
