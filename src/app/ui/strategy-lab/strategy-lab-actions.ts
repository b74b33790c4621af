// What the strategy lab does: load/save/rename/delete saved strategies, create one from
// a template, put it in the config, and give runs the sources their config names. Also
// turns a run failure inside a user strategy into a located message and an editor jump.
import { compileUserStrategy } from '../../../engine/user-strategy/compile-user-strategy';
import type { CompileUserStrategyResult, UserStrategySource } from '../../../engine/user-strategy/user-strategy-api';
import { USER_STRATEGY_TEMPLATES } from '../../../engine/user-strategy/user-strategy-templates';
import { userStrategySourcesFor } from '../../../engine/user-strategy/referenced-user-strategies';
import { userStrategyErrorLocation } from '../../../engine/user-strategy/user-strategy-error-location';
import type { StudioConfig } from '../../../core/config/studio-config';
import { mergeImportedStrategies, renameUserReferences } from './merge-imported-strategies';
import { StrategyStore, strategyNameProblem } from './strategy-store';
import { useStrategyLab } from './strategy-lab-store';
import { sweepParamsInConfig, useStrategyInConfig } from './use-in-config';

const lab = useStrategyLab;

let storePromise: Promise<StrategyStore> | null = null;
function strategyStore(): Promise<StrategyStore> {
  storePromise ??= import('../../storage/studio-db').then(({ StudioDb }) => new StrategyStore(new StudioDb()));
  return storePromise;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function loadStrategies(): Promise<void> {
  try {
    const strategies = await (await strategyStore()).list();
    const s = lab.getState();
    const selected = s.selected && strategies.some((x) => x.name === s.selected) ? s.selected : null;
    lab.setState({ strategies, loaded: true, ...(selected === s.selected ? {} : { selected, draft: '' }) });
  } catch (e) {
    lab.setState({ loaded: true, message: `Saved strategies unavailable: ${message(e)}` });
  }
}

/** The saved sources (the editor's unsaved draft wins for the open strategy: Run uses what you see). */
export async function savedSources(): Promise<UserStrategySource[]> {
  if (!lab.getState().loaded) await loadStrategies();
  const s = lab.getState();
  return s.strategies.map((x) => ({ name: x.name, source: x.name === s.selected ? s.draft : x.source }));
}

/** What a job for `config` must carry; a `user:` name with no saved source is left to the worker's located error. */
export async function sourcesForConfig(config: StudioConfig): Promise<UserStrategySource[]> {
  return userStrategySourcesFor(config, await savedSources()).sources;
}

export function openStrategy(name: string): void {
  const s = lab.getState();
  const found = s.strategies.find((x) => x.name === name);
  if (!found) return;
  void flushDraft();
  lab.setState({ selected: name, draft: found.source, pane: 'strategy', failure: s.failure?.strategy === `user:${name}` ? s.failure : null });
}

let saveTimer: ReturnType<typeof setTimeout> | null = null;

export function editDraft(text: string): void {
  lab.setState({ draft: text });
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => void flushDraft(), 400);
}

export async function flushDraft(): Promise<void> {
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = null;
  const s = lab.getState();
  if (!s.selected) return;
  const current = s.strategies.find((x) => x.name === s.selected);
  if (!current || current.source === s.draft) return;
  const name = s.selected;
  const draft = s.draft;
  const updatedAt = Date.now();
  lab.setState({ strategies: s.strategies.map((x) => (x.name === name ? { ...x, source: draft, updatedAt } : x)) });
  try {
    await (await strategyStore()).save(name, draft, updatedAt);
  } catch (e) {
    lab.setState({ message: `Strategy not saved: ${message(e)}` });
  }
}

function freeName(base: string): string {
  const taken = lab.getState().strategies.map((s) => s.name);
  if (!taken.includes(base)) return base;
  let n = 2;
  while (taken.includes(`${base}_${n}`)) n++;
  return `${base}_${n}`;
}

export async function createFromTemplate(builtin: string): Promise<string> {
  const t = USER_STRATEGY_TEMPLATES.find((x) => x.builtin === builtin) ?? USER_STRATEGY_TEMPLATES[0]!;
  await flushDraft();
  if (!lab.getState().loaded) await loadStrategies();
  const name = freeName(t.name);
  await (await strategyStore()).save(name, t.source);
  await loadStrategies();
  lab.setState({ selected: name, draft: t.source, pane: 'strategy', failure: null, message: null });
  return name;
}

export async function renameStrategy(from: string, to: string, configText: string): Promise<string | null> {
  const problem = strategyNameProblem(to, lab.getState().strategies.map((s) => s.name));
  if (problem) {
    lab.setState({ message: problem });
    return null;
  }
  await flushDraft();
  try {
    await (await strategyStore()).rename(from, to);
  } catch (e) {
    lab.setState({ message: message(e) });
    return null;
  }
  await loadStrategies();
  lab.setState({ selected: to, message: null });
  // The config keeps working: its `user:<from>` references follow the rename.
  return renameUserReferences(configText, { [from]: to });
}

export async function deleteStrategy(name: string): Promise<void> {
  if (saveTimer && lab.getState().selected === name) clearTimeout(saveTimer);
  await (await strategyStore()).delete(name);
  if (lab.getState().selected === name) lab.setState({ selected: null, draft: '' });
  await loadStrategies();
}

export function compileDraft(): CompileUserStrategyResult | null {
  const s = lab.getState();
  return s.selected ? compileUserStrategy(s.draft, s.selected) : null;
}

/** "Use in config": the new YAML text, or null with a message when the strategy does not compile. */
export function useInConfig(configText: string, alsoSweep: boolean): string | null {
  const compiled = compileDraft();
  if (!compiled) return null;
  if (!compiled.ok) {
    const e = compiled.errors[0]!;
    lab.setState({ message: `Fix the compile error first (line ${e.line}: ${e.message}).`, jump: { line: e.line, column: e.column, nonce: Date.now() } });
    return null;
  }
  try {
    const used = useStrategyInConfig(configText, compiled.name, compiled.params);
    const text = alsoSweep ? sweepParamsInConfig(used.text, used.containerId, compiled.params) : used.text;
    lab.setState({ message: null });
    void flushDraft();
    return text;
  } catch (e) {
    lab.setState({ message: message(e) });
    return null;
  }
}

/** Saves strategies that came with a share link or an imported run; returns the config with renamed references. */
export async function importStrategies(incoming: readonly UserStrategySource[], configText: string): Promise<{ configText: string; renames: Record<string, string> }> {
  if (incoming.length === 0) return { configText, renames: {} };
  const store = await strategyStore();
  const saved = await store.list();
  const { toSave, renames } = mergeImportedStrategies(saved, incoming);
  for (const s of toSave) await store.save(s.name, s.source);
  await loadStrategies();
  return { configText: renameUserReferences(configText, renames), renames };
}

/**
 * A run error located in a user strategy: a message naming the strategy and line, the
 * strategy opened in the editor at that line. Returns the message to show, or null.
 */
export function reportRunFailure(errorMessage: string): string | null {
  const at = userStrategyErrorLocation(errorMessage);
  if (!at) return null;
  const name = at.strategy.slice('user:'.length);
  // The engine wraps it (BacktestFailed → handler on bus … threw on BAR …): the user needs the strategy's own words.
  const own = errorMessage.indexOf(`Strategy '${at.strategy}'`);
  const text = own >= 0 ? errorMessage.slice(own) : errorMessage;
  const s = lab.getState();
  const found = s.strategies.find((x) => x.name === name);
  lab.setState({
    failure: { strategy: at.strategy, line: at.line, message: text },
    ...(found ? { selected: name, draft: s.selected === name ? s.draft : found.source, pane: 'strategy' } : {}),
    jump: { line: at.line, column: 1, nonce: Date.now() },
  });
  return text;
}

/** A run that used these strategies succeeded: an earlier failure in one of them (message and marker) is over. */
export function clearRunFailure(ranStrategies: readonly string[]): void {
  const f = lab.getState().failure;
  if (f && ranStrategies.some((name) => f.strategy === `user:${name}`)) lab.setState({ failure: null });
}

/** The sources `config` names from the strategies as last loaded (sync: share links). */
export function sourcesForConfigNow(config: StudioConfig): UserStrategySource[] {
  const s = lab.getState();
  const saved = s.strategies.map((x) => ({ name: x.name, source: x.name === s.selected ? s.draft : x.source }));
  return userStrategySourcesFor(config, saved).sources;
}
