// Comlink for worker_threads: the ESM builds by path (the package's `main` is a
// UMD bundle Node's ESM loader cannot name-import) and its Node endpoint adapter.
export { expose, proxy, wrap, type Remote } from 'comlink/dist/esm/comlink.mjs';
export { default as nodeEndpoint } from 'comlink/dist/esm/node-adapter.mjs';
