// A run archive (zip or results folder) that cannot be read: says which file inside it, and
// which line when there is one, so the message points where to look.
export class RunArchiveError extends Error {
  override readonly name = 'RunArchiveError';
  /** The file inside the zip the problem is in, when one is. */
  readonly file?: string;
  readonly line?: number;
  constructor(message: string, where: { file?: string; line?: number } = {}) {
    super(where.file ? `${where.file}${where.line ? `, line ${where.line}` : ''}: ${message}` : message);
    this.file = where.file;
    this.line = where.line;
  }
}
