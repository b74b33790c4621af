// The strategy editor: CodeMirror 6 in TypeScript mode; compile errors (the browser
// compiler, which only parses — nothing is evaluated on the main thread) as inline
// diagnostics at their line and column; completion and hover from the documented API.
import { useEffect, useRef } from 'react';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, hoverTooltip, keymap, type Tooltip } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { javascript } from '@codemirror/lang-javascript';
import { forceLinting, linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { autocompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { indentWithTab } from '@codemirror/commands';
import type { UserSourceError } from '../../../engine/user-strategy/user-strategy-api';
import { USER_STRATEGY_COMPLETIONS, type CompletionScope } from '../../../engine/user-strategy/user-strategy-completions';
import { editorTheme } from '../editor/editor-theme';
import { errorRange, useEditorSync } from '../editor/use-editor-sync';
import { apiDocsFor } from './strategy-api-docs';

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

export function StrategyEditor({ docKey, value, onChange, check, dark, jump, failure }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const props = useRef({ onChange, check, failure });
  props.current = { onChange, check, failure };
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
          linter(
            (v) => {
              const diags = sourceDiagnostics(v.state, props.current.check(v.state.doc.toString()));
              const f = props.current.failure;
              if (f && diags.length === 0) diags.push(...sourceDiagnostics(v.state, [{ line: f.line, column: 1, message: f.message }]));
              return diags;
            },
            { delay: 300 },
          ),
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
    // A run failure arrived or was cleared: re-run the linter so the line is marked now.
    if (viewRef.current) forceLinting(viewRef.current);
  }, [failure]);

  return <div ref={host} className="yaml-editor strategy-editor" data-testid="strategy-editor" />;
}
