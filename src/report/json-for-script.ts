// JSON safe to inline in <script type="application/json">: no '<' (so no '</script>'
// or '<!--' can end the block), no '>' / '&', no U+2028/2029; non-finite numbers → null.
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
