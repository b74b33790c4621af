// The one HTML escaper of the project. Every user string that ends up in HTML goes through
// here first: the standalone report (text and attribute values alike) and every ECharts
// tooltip formatter in the studio (ECharts inserts a formatter's string as innerHTML, so a
// CSV symbol or a swept parameter value from a share link would otherwise run as markup).
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Text (or any value, shown as `String(value)`) made safe for HTML text and quoted attributes. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, (c) => ENTITIES[c]!);
}

/**
 * A tagged template for HTML fragments: every interpolated value is escaped, the literal
 * parts are trusted markup. `html\`<b>${symbol}</b>\`` cannot be turned into script by `symbol`.
 */
export function html(strings: TemplateStringsArray, ...values: readonly unknown[]): string {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += escapeHtml(values[i]) + strings[i + 1]!;
  return out;
}
