// Finds where user code can run for long — every loop body and every function entry —
// and returns the insertions that put a `__sandbox_guard(<line>)` call there. Insertions
// never add a newline, so the instrumented code keeps the user's line numbers.
import type { AnyNode, Program } from 'acorn';
import { full } from 'acorn-walk';
import { RESERVED_PREFIX } from './user-strategy-api';

/** A text insertion at `pos` of the code the AST was parsed from. */
export interface CodeInsertion {
  pos: number;
  text: string;
  /** Closing text ('}' or ')') of a wrapped region, which must nest inside-out at one position. */
  closing: boolean;
  /** Span of the node the insertion belongs to (orders insertions at one position). */
  spanStart: number;
  spanEnd: number;
}

export const GUARD_NAME = `${RESERVED_PREFIX}_guard`;

export function guardInsertions(ast: Program): CodeInsertion[] {
  const out: CodeInsertion[] = [];
  const call = (line: number) => `${GUARD_NAME}(${line});`;
  const wrapStatement = (body: AnyNode, line: number) => {
    if (body.type === 'BlockStatement') {
      out.push({ pos: body.start + 1, text: call(line), closing: false, spanStart: body.start, spanEnd: body.end });
    } else {
      out.push({ pos: body.start, text: `{${call(line)}`, closing: false, spanStart: body.start, spanEnd: body.end });
      out.push({ pos: body.end, text: '}', closing: true, spanStart: body.start, spanEnd: body.end });
    }
  };
  full(ast, (node) => {
    const line = node.loc!.start.line;
    switch (node.type) {
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'WhileStatement':
      case 'DoWhileStatement':
        wrapStatement(node.body, line);
        break;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression': {
        const body = node.body;
        if (body.type === 'BlockStatement') {
          out.push({ pos: body.start + 1, text: call(line), closing: false, spanStart: body.start, spanEnd: body.end });
        } else {
          // Expression body: `x => (guard(L), expr)` keeps the value and the line.
          out.push({ pos: body.start, text: `(${GUARD_NAME}(${line}), `, closing: false, spanStart: body.start, spanEnd: body.end });
          out.push({ pos: body.end, text: ')', closing: true, spanStart: body.start, spanEnd: body.end });
        }
        break;
      }
      default:
        break;
    }
  });
  return out;
}

/** A replacement of code[start, end) by `text` (insertions are start === end). */
export interface CodeEdit {
  start: number;
  end: number;
  text: string;
}

/** Applies insertions and non-overlapping edits in one pass. At one position closings come first, innermost first; then openings, outermost first. */
export function applyEdits(code: string, insertions: readonly CodeInsertion[], edits: readonly CodeEdit[]): string {
  const ins = [...insertions].sort((a, b) => {
    if (a.pos !== b.pos) return a.pos - b.pos;
    if (a.closing !== b.closing) return a.closing ? -1 : 1;
    // closings: inner (later start) first; openings: outer (later end) first.
    return a.closing ? b.spanStart - a.spanStart : b.spanEnd - a.spanEnd;
  });
  const reps = [...edits].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  let i = 0;
  let r = 0;
  while (i < ins.length || r < reps.length) {
    const nextIns = i < ins.length ? ins[i]!.pos : Infinity;
    const nextRep = r < reps.length ? reps[r]!.start : Infinity;
    if (nextIns <= nextRep) {
      out += code.slice(at, nextIns) + ins[i]!.text;
      at = nextIns;
      i++;
    } else {
      const rep = reps[r]!;
      out += code.slice(at, rep.start) + rep.text;
      at = rep.end;
      r++;
    }
  }
  return out + code.slice(at);
}
