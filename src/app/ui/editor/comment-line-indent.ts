// Enter at the end of a YAML comment line: the indentation the next line should keep
// (the comment's own), since YAML's indent rules see a comment as no structure at all.

/** The indentation to keep when Enter is pressed at `column` of `lineText`, or null when it is not a comment line's end. */
export function commentLineIndent(lineText: string, column: number): string | null {
  const m = /^(\s*)#/.exec(lineText);
  if (!m) return null;
  // Only at the end of the comment (splitting a comment is left to the default).
  if (lineText.slice(column).trim() !== '') return null;
  return m[1]!;
}
