// Type checks a user strategy with the TypeScript compiler against the strategy API's
// declarations (USER_STRATEGY_API_TEXT), entirely in memory: the caller hands in the
// `typescript` module and the ES lib files, so this runs in a web worker (the compiler is
// megabytes, kept out of the page's bundle) and in Node tests alike. Untyped parameters are
// allowed (noImplicitAny off: plain JavaScript strategies are fine); everything else is strict.
import type * as TS from 'typescript';

export interface TypeDiagnostic {
  /** 1-based line and column of the start; end is exclusive. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  /** "possibly undefined" and the like are warnings; a name that does not exist or a wrong type is an error. */
  severity: 'error' | 'warning';
  code: number;
}

export interface StrategyTypeChecker {
  check(source: string): TypeDiagnostic[];
}

/** The lib files the checker needs: lib.es2022.d.ts and everything it references (by file name). */
export const STRATEGY_LIB_FILES: readonly string[] = [
  'lib.es5.d.ts', 'lib.decorators.d.ts', 'lib.decorators.legacy.d.ts',
  'lib.es2015.d.ts', 'lib.es2015.core.d.ts', 'lib.es2015.collection.d.ts', 'lib.es2015.generator.d.ts', 'lib.es2015.iterable.d.ts',
  'lib.es2015.promise.d.ts', 'lib.es2015.proxy.d.ts', 'lib.es2015.reflect.d.ts', 'lib.es2015.symbol.d.ts', 'lib.es2015.symbol.wellknown.d.ts',
  'lib.es2016.d.ts', 'lib.es2016.array.include.d.ts', 'lib.es2016.intl.d.ts',
  'lib.es2017.d.ts', 'lib.es2017.arraybuffer.d.ts', 'lib.es2017.date.d.ts', 'lib.es2017.intl.d.ts', 'lib.es2017.object.d.ts', 'lib.es2017.sharedmemory.d.ts', 'lib.es2017.string.d.ts', 'lib.es2017.typedarrays.d.ts',
  'lib.es2018.d.ts', 'lib.es2018.asyncgenerator.d.ts', 'lib.es2018.asynciterable.d.ts', 'lib.es2018.intl.d.ts', 'lib.es2018.promise.d.ts', 'lib.es2018.regexp.d.ts',
  'lib.es2019.d.ts', 'lib.es2019.array.d.ts', 'lib.es2019.intl.d.ts', 'lib.es2019.object.d.ts', 'lib.es2019.string.d.ts', 'lib.es2019.symbol.d.ts',
  'lib.es2020.d.ts', 'lib.es2020.bigint.d.ts', 'lib.es2020.date.d.ts', 'lib.es2020.intl.d.ts', 'lib.es2020.number.d.ts', 'lib.es2020.promise.d.ts', 'lib.es2020.sharedmemory.d.ts', 'lib.es2020.string.d.ts', 'lib.es2020.symbol.wellknown.d.ts',
  'lib.es2021.d.ts', 'lib.es2021.intl.d.ts', 'lib.es2021.promise.d.ts', 'lib.es2021.string.d.ts', 'lib.es2021.weakref.d.ts',
  'lib.es2022.d.ts', 'lib.es2022.array.d.ts', 'lib.es2022.error.d.ts', 'lib.es2022.intl.d.ts', 'lib.es2022.object.d.ts', 'lib.es2022.regexp.d.ts', 'lib.es2022.string.d.ts',
];

const STRATEGY = '/lab/strategy.ts';
const API = '/lab/strategy-api.d.ts';
const LIB_DIR = '/lib/';

/** Codes that say a value may be null/undefined: real, but the strategy often knows better (warm-up checks). */
const WARNING_CODES = new Set([2531, 2532, 2533, 18047, 18048, 18049]);

export function createStrategyTypeChecker(ts: typeof TS, libs: Readonly<Record<string, string>>, apiText: string): StrategyTypeChecker {
  const options: TS.CompilerOptions = {
    strict: true,
    noImplicitAny: false,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    lib: ['lib.es2022.d.ts'],
    types: [],
  };
  // Lib and API files are parsed once and shared by every check (they are most of the cost).
  const cache = new Map<string, TS.SourceFile>();
  const fixed = (name: string): TS.SourceFile | undefined => {
    const hit = cache.get(name);
    if (hit) return hit;
    const text = name === API ? apiText : name.startsWith(LIB_DIR) ? libs[name.slice(LIB_DIR.length)] : undefined;
    if (text === undefined) return undefined;
    const file = ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, true);
    cache.set(name, file);
    return file;
  };
  let previous: TS.Program | undefined;
  return {
    check(source: string): TypeDiagnostic[] {
      const strategy = ts.createSourceFile(STRATEGY, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
      const host: TS.CompilerHost = {
        getSourceFile: (name) => (name === STRATEGY ? strategy : fixed(name)),
        getDefaultLibFileName: () => `${LIB_DIR}lib.es2022.d.ts`,
        getDefaultLibLocation: () => LIB_DIR.slice(0, -1),
        writeFile: () => undefined,
        getCurrentDirectory: () => '/lab',
        getCanonicalFileName: (name) => name,
        useCaseSensitiveFileNames: () => true,
        getNewLine: () => '\n',
        fileExists: (name) => name === STRATEGY || name === API || (name.startsWith(LIB_DIR) && name.slice(LIB_DIR.length) in libs),
        readFile: (name) => (name === STRATEGY ? source : name === API ? apiText : name.startsWith(LIB_DIR) ? libs[name.slice(LIB_DIR.length)] : undefined),
        getDirectories: () => [],
        directoryExists: () => true,
      };
      const program = ts.createProgram({ rootNames: [API, STRATEGY], options, host, oldProgram: previous });
      previous = program;
      const diagnostics = [...program.getSyntacticDiagnostics(strategy), ...program.getSemanticDiagnostics(strategy)];
      return diagnostics.map((d) => {
        const start = d.start ?? 0;
        const end = start + Math.max(d.length ?? 0, 1);
        const a = strategy.getLineAndCharacterOfPosition(Math.min(start, source.length));
        const b = strategy.getLineAndCharacterOfPosition(Math.min(end, source.length));
        return {
          line: a.line + 1,
          column: a.character + 1,
          endLine: b.line + 1,
          endColumn: b.character + 1,
          message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
          severity: WARNING_CODES.has(d.code) ? 'warning' : 'error',
          code: d.code,
        };
      });
    },
  };
}
