// One CLI run's use of its --out folder: the first write clears what an earlier run wrote there
// (output-dir.ts: only files its markers list) and says so; when the run ends, whatever it wrote
// is marked for the next run. Runs that never write (bad input) leave --out untouched.
import { clearPreviousOutput, markOutput, replacedOutputText } from './output-dir';

export class OutputSession {
  private dir: string | undefined;
  private startedAt = 0;

  constructor(private readonly notice: (text: string) => void) {}

  /** Called before anything is written to `outDir` (idempotent). */
  prepare(outDir: string): void {
    if (this.dir !== undefined) return;
    this.dir = outDir;
    this.startedAt = Date.now();
    this.notice(replacedOutputText(outDir, clearPreviousOutput(outDir)));
  }

  /** Marks what the run wrote (also after a failure: the next run then replaces it). */
  finish(): void {
    if (this.dir === undefined) return;
    try {
      markOutput(this.dir, this.startedAt);
    } catch (error) {
      this.notice(`note: could not write the output markers in ${this.dir} (${(error as Error).message}); the next run will not replace these results\n`);
    }
  }
}
