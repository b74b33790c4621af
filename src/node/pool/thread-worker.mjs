// Worker-thread entry: Node 20 cannot strip TypeScript types, so this plain ESM
// bootstrap registers tsx in the thread and imports the TS worker module named
// in workerData.entry (a file URL), which exposes its API over Comlink.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
