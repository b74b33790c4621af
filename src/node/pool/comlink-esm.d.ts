// Types for Comlink's ESM files imported by path in Node (TypeScript looks for
// .d.mts beside .mjs; the package ships .d.ts).
declare module 'comlink/dist/esm/comlink.mjs' {
  export * from 'comlink';
}
declare module 'comlink/dist/esm/node-adapter.mjs' {
  export { default } from 'comlink/dist/esm/node-adapter';
}
