// What both code editors (YAML config, strategy source) do after their view exists: follow
// the text from outside, the theme, and jump requests. One place, so they cannot drift apart.
import { useEffect, type RefObject } from 'react';
import type { Compartment, Text } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { editorTheme } from './editor-theme';

export interface EditorJump {
  line: number;
  column: number;
  nonce: number;
}

/** The document range of a 1-based line/column error: the token there (matched by `token`), at least one character. */
export function errorRange(doc: Text, line: number, column: number, token: RegExp): { from: number; to: number } {
  const at = doc.line(Math.min(Math.max(line, 1), doc.lines));
  const from = line >= 1 ? Math.min(at.from + Math.max(column - 1, 0), at.to) : at.from;
  const word = token.exec(doc.sliceString(from, at.to))?.[0].length ?? 0;
  return { from, to: Math.max(from + word, Math.min(from + 1, doc.length)) };
}

export function useEditorSync(
  viewRef: RefObject<EditorView | null>,
  themeSlot: RefObject<Compartment>,
  value: string,
  dark: boolean,
  jump: EditorJump | null | undefined,
  /** Extra dependencies that re-apply the jump (e.g. the opened document). */
  jumpKey?: unknown,
): void {
  useEffect(() => {
    const view = viewRef.current;
    if (view && view.state.doc.toString() !== value) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } });
  }, [viewRef, value]);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: themeSlot.current.reconfigure(editorTheme(dark)) });
  }, [viewRef, themeSlot, dark]);

  useEffect(() => {
    const view = viewRef.current;
    if (!view || !jump) return;
    const { from } = errorRange(view.state.doc, jump.line, jump.column, /^/);
    view.dispatch({ selection: { anchor: from }, effects: EditorView.scrollIntoView(from, { y: 'center' }) });
    view.focus();
  }, [viewRef, jump, jumpKey]);
}
