// Rewrites data.source in a YAML config, keeping the user's comments and layout,
// and drops data.symbols that belong to the previous dataset.
import { parseDocument } from 'yaml';

export function withDataSource(text: string, source: string, timeframe?: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length) return text;
  const previous = doc.getIn(['data', 'source']);
  if (previous === source) return text;
  doc.setIn(['data', 'source'], source);
  if (doc.hasIn(['data', 'symbols'])) doc.deleteIn(['data', 'symbols']);
  // The new data's bar size, when known (monthly stocks are not daily bars).
  if (timeframe) doc.setIn(['data', 'timeframes'], doc.createNode([timeframe], { flow: true }));
  return doc.toString();
}
