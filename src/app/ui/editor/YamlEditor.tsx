// The YAML editor: CodeMirror 6 with highlighting, debounced inline lint from the
// config parser (line + column), completion and hover docs from the JSON Schema, undo.
// Tab follows CodeMirror's accessible default (it moves focus) unless the user opts in to
// Tab indenting, where Esc then Tab still leaves; Enter after a comment keeps its indent.
import { useEffect, useRef } from 'react';
import { EditorState, Compartment, Prec } from '@codemirror/state';
import { EditorView, hoverTooltip, keymap, type Tooltip } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { yaml } from '@codemirror/lang-yaml';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { autocompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { indentWithTab } from '@codemirror/commands';
import type { ConfigError } from '../../../core/config/studio-config';
import { yamlPathAt } from './yaml-path-at';
import { describeAt, keySuggestions, valueSuggestions, type JsonSchema } from './schema-walk';
import { editorTheme } from './editor-theme';
import { errorRange, useEditorSync } from './use-editor-sync';
import { commentLineIndent } from './comment-line-indent';

interface Props {
  value: string;
  onChange(text: string): void;
  /** Parses the text; the editor shows what it returns as diagnostics. */
  validate(text: string): ConfigError[];
  schema: JsonSchema | null;
  dark: boolean;
  /** Move the cursor here and scroll it into view (1-based), when it changes. */
  jump?: { line: number; column: number; nonce: number } | null;
  /** Tab indents (opted in); otherwise Tab moves focus, CodeMirror's accessible default. */
  tabIndents?: boolean;
}

/** Enter on a line that is only a comment: the new line keeps the comment's indentation. */
const keepCommentIndent = Prec.high(
  keymap.of([
    {
      key: 'Enter',
      run: (view) => {
        const { state } = view;
        const sel = state.selection.main;
        if (!sel.empty || state.selection.ranges.length > 1) return false;
        const line = state.doc.lineAt(sel.head);
        const indent = commentLineIndent(line.text, sel.head - line.from);
        if (indent === null) return false;
        view.dispatch(state.update({ changes: { from: sel.head, insert: `\n${indent}` }, selection: { anchor: sel.head + 1 + indent.length }, scrollIntoView: true, userEvent: 'input' }));
        return true;
      },
    },
  ]),
);

export function toDiagnostics(view: EditorView, errors: readonly ConfigError[]): Diagnostic[] {
  const doc = view.state.doc;
  return errors.map((e) => {
    // Underline the token at the error (to the end of the word), at least one character.
    const { from, to } = errorRange(doc, e.line, e.column, /^[^\s:,\]}]+/);
    return { from, to, severity: 'error', message: e.path ? `${e.message} (${e.path})` : e.message };
  });
}

export function YamlEditor({ value, onChange, validate, schema, dark, jump, tabIndents = false }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const props = useRef({ onChange, validate, schema });
  props.current = { onChange, validate, schema };
  const themeSlot = useRef(new Compartment());
  const tabSlot = useRef(new Compartment());

  useEffect(() => {
    if (!host.current) return;
    const complete = (ctx: CompletionContext): CompletionResult | null => {
      const s = props.current.schema;
      if (!s) return null;
      const text = ctx.state.doc.toString();
      const at = yamlPathAt(text, ctx.pos);
      if (at.kind === 'key') {
        if (at.word.includes(' ') && !ctx.explicit) return null;
        const options = keySuggestions(s, at.path).map((k) => ({
          label: k.key,
          type: 'property',
          detail: k.type,
          info: k.description,
          apply: `${k.key}: `,
        }));
        return options.length ? { from: at.from, options, validFor: /^[\w-]*$/ } : null;
      }
      const options = valueSuggestions(s, at.path).map((v) => ({ label: v.value, type: 'enum', info: v.description }));
      return options.length ? { from: at.from, options, validFor: /^[\w-]*$/ } : null;
    };
    const hover = hoverTooltip((view, pos): Tooltip | null => {
      const s = props.current.schema;
      if (!s) return null;
      const line = view.state.doc.lineAt(pos);
      const m = /^(\s*(?:-\s+)*)("?)([^\s:"#][^:"#]*?)\2\s*:/.exec(line.text);
      if (!m) return null;
      const keyFrom = line.from + m[1]!.length + m[2]!.length;
      const keyTo = keyFrom + m[3]!.length;
      if (pos < keyFrom || pos > keyTo) return null;
      const ctx = yamlPathAt(view.state.doc.toString(), keyTo + m[2]!.length + 1);
      const doc = describeAt(s, ctx.path);
      if (!doc) return null;
      return {
        pos: keyFrom,
        end: keyTo,
        above: true,
        create: () => {
          const dom = document.createElement('div');
          dom.className = 'cm-schema-doc';
          dom.setAttribute('data-testid', 'hover-doc');
          const title = document.createElement('strong');
          title.textContent = m[3]!;
          const body = document.createElement('pre');
          body.textContent = doc;
          dom.append(title, body);
          return { dom };
        },
      };
    });
    const view = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          keepCommentIndent,
          basicSetup,
          tabSlot.current.of(tabIndents ? keymap.of([indentWithTab]) : []),
          yaml(),
          EditorView.lineWrapping,
          lintGutter(),
          linter((v) => toDiagnostics(v, props.current.validate(v.state.doc.toString())), { delay: 350 }),
          autocompletion({ override: [complete], activateOnTyping: true }),
          hover,
          themeSlot.current.of(editorTheme(dark)),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) props.current.onChange(u.state.doc.toString());
          }),
          EditorView.contentAttributes.of({ 'aria-label': 'YAML config', 'data-testid': 'yaml-input', tabindex: '0', 'aria-describedby': 'editor-keys' }),
        ],
      }),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
    // The view is created once; later value changes are synced below.
  }, []);

  useEditorSync(viewRef, themeSlot, value, dark, jump);
  useEffect(() => {
    viewRef.current?.dispatch({ effects: tabSlot.current.reconfigure(tabIndents ? keymap.of([indentWithTab]) : []) });
  }, [tabIndents]);

  return <div ref={host} className="yaml-editor" data-testid="yaml-editor" />;
}
