// What the CLI prints to a terminal is escaped at the boundary, so user-provided text (config
// and container names, swept string values, CSV symbols and file names, error messages quoting
// them) can never drive the terminal: C0 controls but newline and tab, DEL, C1 controls (U+0080–
// U+009F, 8-bit CSI included) and bidirectional controls (which reorder what is shown) are
// printed as visible escapes (\x1b, \u202e). The runner's own progress line is the one
// exception: a write that is exactly `\r<progress>` (optionally ending in erase-line ESC [ K),
// with no other control character in it.

const PROGRESS_PREFIXES = ['\rbacktest', '\rsweep', '\rwalk-forward'];
const ERASE_LINE = '\u001b[K';

function isControl(code: number): boolean {
  if (code === 0x0a || code === 0x09) return false;
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

function escapeCode(code: number): string {
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every terminal control character shown as an escape; newlines and tabs kept. */
export function escapeTerminalText(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isControl(code)) continue;
    out += text.slice(from, i) + escapeCode(code);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

function isProgressLine(text: string): boolean {
  if (!PROGRESS_PREFIXES.some((p) => text.startsWith(p) && !/[A-Za-z0-9_-]/.test(text.charAt(p.length)))) return false;
  const body = text.endsWith(ERASE_LINE) ? text.slice(1, -ERASE_LINE.length) : text.slice(1);
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    if (code === 0x0a || code === 0x09 || isControl(code)) return false;
  }
  return true;
}

/** A writer that escapes what it is given, letting only the runner's own progress line through raw. */
export function terminalWriter(write: (text: string) => void): (text: string) => void {
  return (text) => write(isProgressLine(text) ? text : escapeTerminalText(text));
}
