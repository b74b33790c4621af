// The strategy editor's type checker, in its own worker: the TypeScript compiler (megabytes)
// and the ES lib declarations load only when a strategy is first opened, never with the page,
// and checking never blocks typing. It checks text only; nothing here evaluates user code.
import * as ts from 'typescript';
import { USER_STRATEGY_API_TEXT } from '../../../engine/user-strategy/user-strategy-api-text';
import { createStrategyTypeChecker, STRATEGY_LIB_FILES, type TypeDiagnostic } from './strategy-type-check';

const raw = import.meta.glob(['/node_modules/typescript/lib/lib.es5.d.ts', '/node_modules/typescript/lib/lib.decorators*.d.ts', '/node_modules/typescript/lib/lib.es20{15,16,17,18,19,20,21,22}*.d.ts', '!**/*.full.d.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;
const libs = Object.fromEntries(Object.entries(raw).map(([path, text]) => [path.slice(path.lastIndexOf('/') + 1), text]).filter(([name]) => STRATEGY_LIB_FILES.includes(name!)));
const checker = createStrategyTypeChecker(ts, libs, USER_STRATEGY_API_TEXT);

export interface TypeCheckRequest {
  id: number;
  source: string;
}
export type TypeCheckReply = { id: number; diagnostics: TypeDiagnostic[] } | { id: number; error: string };

self.onmessage = (e: MessageEvent<TypeCheckRequest>) => {
  const { id, source } = e.data;
  let reply: TypeCheckReply;
  try {
    reply = { id, diagnostics: checker.check(String(source)) };
  } catch (err) {
    reply = { id, error: err instanceof Error ? err.message : String(err) };
  }
  (self as unknown as Worker).postMessage(reply);
};
