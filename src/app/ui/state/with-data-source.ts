// Points a YAML config at another dataset by editing only data.source (and, where the new
// data says so, data.timeframes and the data.symbols it lacks): every other byte of the
// user's text — comments, layout, symbols the new data has — stays as it was.
import { parseDocument } from 'yaml';
import { editYaml, type YamlEdit } from './edit-yaml';

export interface DataSourceInfo {
  /** The new data's bar size, when known (monthly stocks are not daily bars). */
  timeframe?: string;
  /** Symbols the new data holds, when known: data.symbols keeps those, loses the others. */
  symbols?: readonly string[];
}

export interface DataSourceSwitch {
  text: string;
  /** data.symbols entries the new data does not hold (removed from the config). */
  removedSymbols: string[];
  /** Why the text could not be edited (YAML syntax errors), when it could not. */
  blocked?: string;
}

/** The config text with data.source = `source`; the text unchanged when its YAML does not parse. */
export function withDataSource(text: string, source: string, info: DataSourceInfo = {}): DataSourceSwitch {
  const doc = parseDocument(text);
  if (doc.errors.length) return { text, removedSymbols: [], blocked: `line ${doc.errors[0]!.linePos?.[0]?.line ?? '?'}: ${doc.errors[0]!.message}` };
  if (doc.getIn(['data', 'source']) === source) return { text, removedSymbols: [] };
  const edits: YamlEdit[] = [{ op: 'set', path: ['data', 'source'], value: source }];
  const symbolsNode: unknown = doc.getIn(['data', 'symbols']);
  const symbols = symbolsNode && typeof symbolsNode === 'object' && 'toJSON' in symbolsNode ? ((symbolsNode as { toJSON(): unknown }).toJSON() as unknown) : undefined;
  let removedSymbols: string[] = [];
  if (info.symbols && Array.isArray(symbols)) {
    const kept = symbols.filter((s) => info.symbols!.includes(String(s)));
    removedSymbols = symbols.filter((s) => !info.symbols!.includes(String(s))).map(String);
    // None left: the run uses all of the new data's symbols (what an absent key means).
    if (kept.length === 0) edits.push({ op: 'delete', path: ['data', 'symbols'] });
    else if (removedSymbols.length) edits.push({ op: 'set', path: ['data', 'symbols'], value: kept.map(String) });
  }
  if (info.timeframe) {
    const tf: unknown = doc.getIn(['data', 'timeframes']);
    const current = tf && typeof tf === 'object' && 'toJSON' in tf ? (tf as { toJSON(): unknown }).toJSON() : tf;
    if (!(Array.isArray(current) && current.length === 1 && current[0] === info.timeframe)) {
      edits.push({ op: 'set', path: ['data', 'timeframes'], value: [info.timeframe] });
    }
  }
  return { text: editYaml(text, edits), removedSymbols };
}
