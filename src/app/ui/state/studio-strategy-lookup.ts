// The strategy definitions the editor validates a config against: the engine's built-ins, and
// the saved user strategies as the strategy lab holds them (the open draft wins, as Run uses
// it). A user strategy is compiled once per source text; its params are validated exactly as
// the worker's definition will (parseStrategyParams plus the shared timeframe param).
import { findStrategyDefinition, unknownStrategyMessage } from '../../../engine/strategies/strategy-registry';
import { closestName } from '../../../engine/strategies/closest-name';
import { parseStrategyParams } from '../../../engine/strategies/parse-strategy-params';
import { TIMEFRAME_PARAM, timeframeParam } from '../../../engine/strategies/common-param-specs';
import { compileUserStrategy } from '../../../engine/user-strategy/compile-user-strategy';
import type { ParamSpec } from '../../../engine/strategy';
import type { StrategyLookup, StrategyParamsCheck } from '../editor/strategy-config-checks';
import { useStrategyLab } from '../strategy-lab/strategy-lab-store';

const USER = 'user:';
const compiled = new Map<string, StrategyParamsCheck | { error: string }>();

function userCheck(name: string, source: string): StrategyParamsCheck | { error: string } {
  const key = `${name}\u0000${source}`;
  const hit = compiled.get(key);
  if (hit) return hit;
  const out = compileUserStrategy(source, name);
  const kind = `${USER}${name}`;
  let check: StrategyParamsCheck | { error: string };
  if (!out.ok) {
    const first = out.errors[0];
    check = { error: `Strategy '${kind}' does not compile${first ? ` (its line ${first.line}: ${first.message})` : ''}: fix it in the Strategies pane.` };
  } else {
    const params: readonly ParamSpec[] = [...out.params, TIMEFRAME_PARAM];
    check = {
      kind,
      params,
      parseParams(raw) {
        const v = parseStrategyParams(kind, params, raw);
        v.timeframe = timeframeParam(kind, v.timeframe as string);
        return v;
      },
    };
  }
  // A handful of drafts at most: the cache only spares recompiling on every keystroke.
  if (compiled.size > 32) compiled.clear();
  compiled.set(key, check);
  return check;
}

export const studioStrategyLookup: StrategyLookup = (kind) => {
  if (!kind.startsWith(USER)) {
    const def = findStrategyDefinition(kind);
    return def ?? { error: `${unknownStrategyMessage(kind)} Your own strategies are written user:<name>.` };
  }
  const lab = useStrategyLab.getState();
  // Until the saved strategies are read, a user: name cannot be judged (the run still checks it).
  if (!lab.loaded) return null;
  const name = kind.slice(USER.length);
  const saved = lab.strategies.find((s) => s.name === name);
  if (!saved) {
    const names = lab.strategies.map((s) => s.name);
    const hint = closestName(name, names);
    return {
      error: `No saved strategy '${kind}'${hint ? ` — did you mean 'user:${hint}'?` : ''} ${names.length ? `Saved: ${names.map((n) => USER + n).join(', ')}.` : 'Create it in the Strategies pane.'}`,
    };
  }
  return userCheck(name, lab.selected === name ? lab.draft : saved.source);
};
