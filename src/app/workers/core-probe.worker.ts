// Worker entry: exposes the core self-check over Comlink.
import { expose } from 'comlink';
import { runCoreProbe } from './core-probe';

expose({ runCoreProbe });
