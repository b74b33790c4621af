// A sweep point's parameters written back into the YAML config: each dotted sweep path
// (`<container id>.params.fast`, `execution.slippage_bps`) becomes one targeted edit of that
// key, so the rest of the user's text — comments, layout, the sweep itself — is untouched.
import { isMap, isSeq, parseDocument } from 'yaml';
import { editYaml, YamlEditError, type YamlEdit } from './edit-yaml';

export type SweepParamValue = number | string | boolean;

/** The config with each `{path: value}` set where the path points (YamlEditError on YAML that does not parse). */
export function withSweepParams(text: string, params: Readonly<Record<string, SweepParamValue>>): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new YamlEditError(`Fix the config's YAML first (line ${doc.errors[0]!.linePos?.[0]?.line ?? '?'}): ${doc.errors[0]!.message}`);
  const containers = doc.get('containers');
  const ids = isSeq(containers) ? containers.items.map((c) => (isMap(c) ? String(c.get('id')) : null)) : [];
  const edits = Object.entries(params).map(([path, value]): YamlEdit => {
    const [first, ...rest] = path.split('.') as [string, ...string[]];
    const at = ids.indexOf(first);
    return { op: 'set', path: at >= 0 ? ['containers', at, ...rest] : [first, ...rest], value };
  });
  return editYaml(text, edits);
}
