// Rewrites data.source in a YAML config, keeping the user's comments and layout,
// and drops data.symbols that belong to the previous dataset.
import { parseDocument } from 'yaml';

export function withDataSource(text: string, source: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length) return text;
  const previous = doc.getIn(['data', 'source']);
  if (previous === source) return text;
  doc.setIn(['data', 'source'], source);
  if (doc.hasIn(['data', 'symbols'])) doc.deleteIn(['data', 'symbols']);
  return doc.toString();
}
