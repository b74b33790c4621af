// The sweep heatmap cell's tooltip. Parameter paths and values are the user's (a swept
// string value can arrive in a share link): every one is escaped before ECharts inserts it.
import { html } from './escape-html';

/** One line per parameter, then the objective in bold. */
export function heatmapTooltipHtml(params: Readonly<Record<string, unknown>>, objectiveLabel: string, objectiveText: string): string {
  const lines = Object.entries(params).map(([path, value]) => html`${path} = ${value}`);
  return `${lines.join('<br/>')}<br/>${html`<b>${objectiveLabel}: ${objectiveText}</b>`}`;
}
