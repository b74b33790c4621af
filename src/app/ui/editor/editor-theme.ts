// Editor colours follow the studio theme; syntax colours come from a small
// highlight style readable on both backgrounds.
import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';

const darkHighlight = HighlightStyle.define([
  { tag: [t.propertyName, t.definition(t.propertyName)], color: '#7dd3fc' },
  { tag: [t.string, t.special(t.string)], color: '#bef264' },
  { tag: [t.number, t.bool, t.null, t.keyword], color: '#fda4af' },
  { tag: t.comment, color: '#a3b1c6', fontStyle: 'italic' },
  { tag: [t.punctuation, t.separator], color: '#94a3b8' },
]);
const lightHighlight = HighlightStyle.define([
  { tag: [t.propertyName, t.definition(t.propertyName)], color: '#0369a1' },
  { tag: [t.string, t.special(t.string)], color: '#3f6212' },
  { tag: [t.number, t.bool, t.null, t.keyword], color: '#be123c' },
  { tag: t.comment, color: '#526075', fontStyle: 'italic' },
  { tag: [t.punctuation, t.separator], color: '#475569' },
]);

export function editorTheme(dark: boolean): Extension {
  return [
    EditorView.theme(
      {
        '&': { height: '100%', backgroundColor: 'var(--panel)', color: 'var(--fg)', fontSize: '13px' },
        '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' },
        '.cm-gutters': { backgroundColor: 'var(--panel-2)', color: 'var(--muted)', border: 'none' },
        '.cm-activeLine': { backgroundColor: 'var(--active-line)' },
        '.cm-activeLineGutter': { backgroundColor: 'var(--active-line)' },
        '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--accent)' },
        '.cm-tooltip': { backgroundColor: 'var(--panel-2)', color: 'var(--fg)', border: '1px solid var(--border)' },
      },
      { dark },
    ),
    syntaxHighlighting(dark ? darkHighlight : lightHighlight),
  ];
}
