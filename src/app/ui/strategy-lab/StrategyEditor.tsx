// The strategy editor: CodeMirror 6 in TypeScript mode; compile errors (the browser
// compiler, which only parses — nothing is evaluated on the main thread) and the type
// checker's diagnostics (TypeScript against the strategy API, from a worker) inline at their
// line and column; completion and hover from the documented API.
import { useEffect, useRef } from 'react';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, hoverTooltip, keymap, type Tooltip } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { javascript } from '@codemirror/lang-javascript';
import { linter, lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { autocompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { indentWithTab } from '@codemirror/commands';
import type { UserSourceError } from '../../../engine/user-strategy/user-strategy-api';
import { USER_STRATEGY_COMPLETIONS, type CompletionScope } from '../../../engine/user-strategy/user-strategy-completions';
import { editorTheme } from '../editor/editor-theme';
import { errorRange, useEditorSync } from '../editor/use-editor-sync';
import { apiDocsFor } from './strategy-api-docs';
import type { TypeDiagnostic } from './strategy-type-check';

interface Props {
  /** Changes identity when another strategy is opened (the editor is reset, undo history dropped). */
  docKey: string;
  value: string;
  onChange(text: string): void;
  /** Compiles the text; its errors are shown as diagnostics. */
  check(text: string): readonly UserSourceError[];
  dark: boolean;
  jump: { line: number; column: number; nonce: number } | null;
  /** A runtime failure to mark (from a run): line, message. */
  failure: { line: number; message: string } | null;
  /** The type checker's findings for the current text (empty while it checks). */
  typeDiagnostics: readonly TypeDiagnostic[];
}

function typeDiagnosticsIn(state: EditorState, list: readonly TypeDiagnostic[]): Diagnostic[] {
  const doc = state.doc;
  const at = (line: number, column: number) => {
    if (line > doc.lines) return doc.length;
    const l = doc.line(Math.max(1, line));
    return Math.min(l.from + Math.max(0, column - 1), l.to);
  };
  return list.map((d) => {
    const from = at(d.line, d.column);
    return { from, to: Math.max(from, at(d.endLine, d.endColumn)), severity: d.severity, message: d.message, source: 'TypeScript' };
  });
}

export function sourceDiagnostics(state: EditorState, errors: readonly UserSourceError[]): Diagnostic[] {
  const doc = state.doc;
  return errors.map((e) => {
    const { from, to } = errorRange(doc, e.line, e.column, /^[\w$]+/);
    return { from, to, severity: 'error', message: e.message };
  });
}

/** Which completions apply where the cursor is: after `ctx.`, `bar.`, an indicator, or at the top level. */
function scopeBefore(text: string): CompletionScope[] {
  const m = /([\w$]+)\s*\.\s*[\w$]*$/.exec(text);
  if (!m) return /export\s+(?:const|function)\s+[\w$]*$/.test(text) ? ['export'] : ['global'];
  const obj = m[1]!.toLowerCase();
  if (obj === 'ctx') return ['ctx'];
  if (obj === 'bar') return ['bar'];
  if (obj.includes('boll') || obj === 'bb' || obj === 'bands') return ['bollinger', 'indicator'];
  if (obj.includes('reg')) return ['regression'];
  return ['indicator'];
}

export function StrategyEditor({ docKey, value, onChange, check, dark, jump, failure, typeDiagnostics }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const props = useRef({ onChange, check, failure, typeDiagnostics });
  props.current = { onChange, check, failure, typeDiagnostics };
  /** Compile errors, then (once it parses) the type checker's findings, then the last run's failure line. */
  const diagnosticsOf = (state: EditorState): Diagnostic[] => {
    const diags = sourceDiagnostics(state, props.current.check(state.doc.toString()));
    // Type findings only once it parses (a syntax error makes them noise).
    if (diags.length === 0) diags.push(...typeDiagnosticsIn(state, props.current.typeDiagnostics));
    const f = props.current.failure;
    if (f && !diags.some((d) => d.severity === 'error')) diags.push(...sourceDiagnostics(state, [{ line: f.line, column: 1, message: f.message }]));
    return diags;
  };
  const themeSlot = useRef(new Compartment());

  useEffect(() => {
    if (!host.current) return;
    const complete = (ctx: CompletionContext): CompletionResult | null => {
      const word = ctx.matchBefore(/[\w$]*/);
      if (!word || (word.from === word.to && !ctx.explicit && ctx.state.sliceDoc(word.from - 1, word.from) !== '.')) return null;
      const line = ctx.state.doc.lineAt(ctx.pos);
      const scopes = scopeBefore(ctx.state.sliceDoc(line.from, ctx.pos));
      const options = USER_STRATEGY_COMPLETIONS.filter((c) => scopes.includes(c.scope)).map((c) => ({
        label: c.label,
        type: c.type,
        detail: c.detail,
        info: c.info,
      }));
      return options.length ? { from: word.from, options, validFor: /^[\w$]*$/ } : null;
    };
    const hover = hoverTooltip((view, pos): Tooltip | null => {
      const w = view.state.wordAt(pos);
      if (!w) return null;
      const docs = apiDocsFor(view.state.sliceDoc(w.from, w.to));
      if (docs.length === 0) return null;
      return {
        pos: w.from,
        end: w.to,
        above: true,
        create: () => {
          const dom = document.createElement('div');
          dom.className = 'cm-schema-doc';
          dom.setAttribute('data-testid', 'strategy-hover-doc');
          for (const d of docs) {
            const sig = document.createElement('code');
            sig.textContent = d.signature;
            const body = document.createElement('pre');
            body.textContent = d.doc;
            dom.append(sig, body);
          }
          return { dom };
        },
      };
    });
    const view = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          keymap.of([indentWithTab]),
          javascript({ typescript: true }),
          lintGutter(),
          linter((v) => diagnosticsOf(v.state), { delay: 300 }),
          autocompletion({ override: [complete], activateOnTyping: true }),
          hover,
          themeSlot.current.of(editorTheme(dark)),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) props.current.onChange(u.state.doc.toString());
          }),
          EditorView.contentAttributes.of({ 'aria-label': 'Strategy source', 'data-testid': 'strategy-input' }),
        ],
      }),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
    // One view per opened strategy (docKey); text changes from outside are synced below.
  }, [docKey]);

  useEditorSync(viewRef, themeSlot, value, dark, jump, docKey);

  useEffect(() => {
    // A run failure or type findings arrived or were cleared: mark the lines now. (forceLinting
    // only hurries a lint already pending; with none pending the old markers would stay.)
    const view = viewRef.current;
    if (view) view.dispatch(setDiagnostics(view.state, diagnosticsOf(view.state)));
  }, [failure, typeDiagnostics]);

  return <div ref={host} className="yaml-editor strategy-editor" data-testid="strategy-editor" />;
}
