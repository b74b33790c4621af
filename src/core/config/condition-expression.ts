// The dynamic_rules condition language: a hand-written tokenizer and recursive-descent
// parser (never eval/new Function), statically typed so `metrics.total_pnl` alone or
// `a < b < c` are parse errors with a character offset, not surprises at run time.
//
//   condition  := or
//   or         := and ( 'or' and )*
//   and        := unary ( 'and' unary )*
//   unary      := 'not' unary | comparison
//   comparison := operand ( ('<'|'<='|'>'|'>='|'=='|'!=') operand )?   -- boolean when no operator only
//   operand    := '-' operand | NUMBER | NAME | 'true' | 'false' | '(' condition ')'
//   NUMBER     := digits [ '.' digits ] [ (e|E) [+-] digits ]  |  '.' digits
//   NAME       := ident ( '.' ident )*        e.g. metrics.total_pnl, metrics.sharpe_ratio
//
// Metric names resolve against a metrics record: an optional leading `metrics.` is
// dropped and snake_case or camelCase keys are both looked up. An unknown name makes
// the whole condition false and is reported (see evaluateCondition).

/** The grammar in words, for docs/config.md and editor help. */
export const CONDITION_GRAMMAR = [
  'A condition compares metrics with numbers: `metrics.total_pnl > 0`, `metrics.sharpe_ratio >= 1.5`, `metrics.max_drawdown < 0.2`.',
  'Operators: `<` `<=` `>` `>=` `==` `!=`; combine with `and`, `or`, `not` (precedence not > and > or) and parentheses.',
  'Numbers may be negative or decimal (`-250.5`, `.5`, `1e3`); `true`/`false` are allowed as constants.',
  'Names are dotted (`metrics.win_rate`); the `metrics.` prefix is optional and snake_case or camelCase both resolve.',
  'A name the metrics do not hold makes the whole condition false and produces a warning (at parse time for names that are not metrics at all).',
  'Conditions are parsed by a small hand-written parser: nothing is ever evaluated as JavaScript.',
] as const;

export type ComparisonOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';

export type ConditionNode =
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'name'; name: string; offset: number }
  | { kind: 'negate'; operand: ConditionNode }
  | { kind: 'compare'; op: ComparisonOperator; left: ConditionNode; right: ConditionNode }
  | { kind: 'and' | 'or'; left: ConditionNode; right: ConditionNode }
  | { kind: 'not'; operand: ConditionNode };

export interface ConditionSyntaxError {
  message: string;
  /** 0-based character offset into the condition text. */
  offset: number;
}

export type ConditionParseResult =
  | { ok: true; node: ConditionNode; names: readonly string[] }
  | { ok: false; error: ConditionSyntaxError };

type Token =
  | { t: 'num'; value: number; offset: number; text: string }
  | { t: 'name'; value: string; offset: number; text: string }
  | { t: 'op'; value: ComparisonOperator; offset: number; text: string }
  | { t: 'kw'; value: 'and' | 'or' | 'not' | 'true' | 'false'; offset: number; text: string }
  | { t: 'punct'; value: '(' | ')' | '-'; offset: number; text: string }
  | { t: 'end'; offset: number; text: string };

const MAX_CONDITION_LENGTH = 2000;
const MAX_NESTING = 50;

class ConditionError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}
function isIdentPart(c: string): boolean {
  return isIdentStart(c) || (c >= '0' && c <= '9');
}
function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1]))) {
      while (isDigit(text[i])) i++;
      if (text[i] === '.') {
        i++;
        if (!isDigit(text[i]) && start !== i - 1) throw new ConditionError('a decimal point must be followed by digits, e.g. 0.5', i);
        while (isDigit(text[i])) i++;
      }
      if (text[i] === 'e' || text[i] === 'E') {
        let j = i + 1;
        if (text[j] === '+' || text[j] === '-') j++;
        if (isDigit(text[j])) {
          i = j;
          while (isDigit(text[i])) i++;
        }
      }
      if (i < text.length && isIdentStart(text[i]!)) throw new ConditionError(`unexpected "${text[i]}" after the number ${text.slice(start, i)}`, i);
      const raw = text.slice(start, i);
      tokens.push({ t: 'num', value: Number(raw), offset: start, text: raw });
      continue;
    }
    if (isIdentStart(c)) {
      while (i < text.length) {
        while (i < text.length && isIdentPart(text[i]!)) i++;
        if (text[i] === '.' && i + 1 < text.length && isIdentStart(text[i + 1]!)) {
          i++;
          continue;
        }
        if (text[i] === '.') throw new ConditionError('a name cannot end with "." — write e.g. metrics.total_pnl', i);
        break;
      }
      const word = text.slice(start, i);
      const lower = word.toLowerCase();
      if (lower === 'and' || lower === 'or' || lower === 'not' || lower === 'true' || lower === 'false') {
        tokens.push({ t: 'kw', value: lower, offset: start, text: word });
      } else {
        tokens.push({ t: 'name', value: word, offset: start, text: word });
      }
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '<=' || two === '>=' || two === '==' || two === '!=') {
      tokens.push({ t: 'op', value: two, offset: start, text: two });
      i += 2;
      continue;
    }
    if (two === '&&') throw new ConditionError('use "and" instead of "&&"', i);
    if (two === '||') throw new ConditionError('use "or" instead of "||"', i);
    if (c === '<' || c === '>') {
      tokens.push({ t: 'op', value: c, offset: start, text: c });
      i++;
      continue;
    }
    if (c === '=') throw new ConditionError('use "==" to compare ("=" alone is not an operator)', i);
    if (c === '!') throw new ConditionError('use "not" to negate, or "!=" for "not equal"', i);
    if (c === '(' || c === ')' || c === '-') {
      tokens.push({ t: 'punct', value: c, offset: start, text: c });
      i++;
      continue;
    }
    throw new ConditionError(
      `unexpected character "${c}" — a condition uses metric names, numbers, < <= > >= == !=, and/or/not and parentheses`,
      i,
    );
  }
  tokens.push({ t: 'end', offset: text.length, text: '' });
  return tokens;
}

type ValueType = 'number' | 'boolean';

class Parser {
  private pos = 0;
  private depth = 0;
  readonly names: string[] = [];
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos]!;
  }
  private next(): Token {
    return this.tokens[this.pos++]!;
  }
  private isKw(value: string): boolean {
    const t = this.peek();
    return t.t === 'kw' && t.value === value;
  }

  parseAll(): ConditionNode {
    const t0 = this.peek();
    if (t0.t === 'end') throw new ConditionError('the condition is empty — write e.g. metrics.total_pnl > 0', 0);
    const { node, type } = this.parseOr();
    const rest = this.peek();
    if (rest.t !== 'end') {
      const hint = rest.t === 'op' ? ' (comparisons cannot be chained: write "a < b and b < c")' : ' (join conditions with "and" / "or")';
      throw new ConditionError(`unexpected "${rest.text}"${hint}`, rest.offset);
    }
    this.expectBoolean(type, t0.offset, 'the condition');
    return node;
  }

  private expectBoolean(type: ValueType, offset: number, what: string): void {
    if (type !== 'boolean') {
      throw new ConditionError(`${what} is a number, not true/false — compare it, e.g. metrics.total_pnl > 0`, offset);
    }
  }

  private parseOr(): { node: ConditionNode; type: ValueType } {
    const startOffset = this.peek().offset;
    let left = this.parseAnd();
    while (this.isKw('or')) {
      this.expectBoolean(left.type, startOffset, 'the left side of "or"');
      this.next();
      const rOffset = this.peek().offset;
      const right = this.parseAnd();
      this.expectBoolean(right.type, rOffset, 'the right side of "or"');
      left = { node: { kind: 'or', left: left.node, right: right.node }, type: 'boolean' };
    }
    return left;
  }

  private parseAnd(): { node: ConditionNode; type: ValueType } {
    const startOffset = this.peek().offset;
    let left = this.parseUnary();
    while (this.isKw('and')) {
      this.expectBoolean(left.type, startOffset, 'the left side of "and"');
      this.next();
      const rOffset = this.peek().offset;
      const right = this.parseUnary();
      this.expectBoolean(right.type, rOffset, 'the right side of "and"');
      left = { node: { kind: 'and', left: left.node, right: right.node }, type: 'boolean' };
    }
    return left;
  }

  private parseUnary(): { node: ConditionNode; type: ValueType } {
    if (this.isKw('not')) {
      this.next();
      this.enter();
      const offset = this.peek().offset;
      const operand = this.parseUnary();
      this.depth--;
      this.expectBoolean(operand.type, offset, 'what follows "not"');
      return { node: { kind: 'not', operand: operand.node }, type: 'boolean' };
    }
    return this.parseComparison();
  }

  private parseComparison(): { node: ConditionNode; type: ValueType } {
    const leftOffset = this.peek().offset;
    const left = this.parseOperand();
    const t = this.peek();
    if (t.t !== 'op') return left;
    this.next();
    const rightOffset = this.peek().offset;
    const right = this.parseOperand();
    if (left.type !== 'number') throw new ConditionError(`"${t.text}" compares numbers; the left side is true/false`, leftOffset);
    if (right.type !== 'number') throw new ConditionError(`"${t.text}" compares numbers; the right side is true/false`, rightOffset);
    return { node: { kind: 'compare', op: t.value, left: left.node, right: right.node }, type: 'boolean' };
  }

  private enter(): void {
    this.depth++;
    if (this.depth > MAX_NESTING) throw new ConditionError(`the condition nests deeper than ${MAX_NESTING} levels`, this.peek().offset);
  }

  private parseOperand(): { node: ConditionNode; type: ValueType } {
    const t = this.next();
    switch (t.t) {
      case 'num':
        return { node: { kind: 'number', value: t.value }, type: 'number' };
      case 'name':
        this.names.push(t.value);
        return { node: { kind: 'name', name: t.value, offset: t.offset }, type: 'number' };
      case 'kw':
        if (t.value === 'true' || t.value === 'false') return { node: { kind: 'boolean', value: t.value === 'true' }, type: 'boolean' };
        throw new ConditionError(`expected a metric name or a number before "${t.text}"`, t.offset);
      case 'punct':
        if (t.value === '-') {
          this.enter();
          const offset = this.peek().offset;
          const operand = this.parseOperand();
          this.depth--;
          if (operand.type !== 'number') throw new ConditionError('"-" negates a number, not true/false', offset);
          if (operand.node.kind === 'number') return { node: { kind: 'number', value: -operand.node.value }, type: 'number' };
          return { node: { kind: 'negate', operand: operand.node }, type: 'number' };
        }
        if (t.value === '(') {
          this.enter();
          const inner = this.parseOr();
          this.depth--;
          const close = this.next();
          if (close.t !== 'punct' || close.value !== ')') {
            throw new ConditionError(close.t === 'end' ? 'missing ")" to close the "(" opened here' : `expected ")" but found "${close.text}"`, close.t === 'end' ? t.offset : close.offset);
          }
          return inner;
        }
        throw new ConditionError('unexpected ")" — no "(" is open here', t.offset);
      case 'op':
        throw new ConditionError(`"${t.text}" needs a metric name or a number on its left`, t.offset);
      case 'end':
        throw new ConditionError('the condition ends too early — a metric name or a number is missing', t.offset);
    }
  }
}

/** Parse a dynamic-rule condition. Never throws. */
export function parseCondition(text: string): ConditionParseResult {
  if (text.length > MAX_CONDITION_LENGTH) {
    return { ok: false, error: { message: `the condition is longer than ${MAX_CONDITION_LENGTH} characters`, offset: 0 } };
  }
  try {
    const parser = new Parser(tokenize(text));
    const node = parser.parseAll();
    return { ok: true, node, names: parser.names };
  } catch (e) {
    if (e instanceof ConditionError) return { ok: false, error: { message: e.message, offset: e.offset } };
    throw e;
  }
}

export type MetricsRecord = Readonly<Record<string, number | undefined>>;

export interface ConditionEvaluation {
  value: boolean;
  /** Names the metrics record did not hold; when non-empty, `value` is false. */
  unknownNames: readonly string[];
}

/** 'metrics.total_pnl' → its value in `metrics` (snake_case or camelCase key), or undefined. */
export function lookupMetric(name: string, metrics: MetricsRecord): number | undefined {
  const key = name.startsWith('metrics.') ? name.slice('metrics.'.length) : name;
  const camel = key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  for (const k of [key, camel]) {
    if (Object.prototype.hasOwnProperty.call(metrics, k)) {
      const v = metrics[k];
      if (typeof v === 'number') return v;
    }
  }
  return undefined;
}

/**
 * Evaluate a parsed condition. A name the metrics do not hold makes the WHOLE
 * condition false (not just its comparison: `not (metrics.typo > 1)` must not
 * turn true) and is listed in `unknownNames` so the caller can warn.
 */
export function evaluateCondition(node: ConditionNode, metrics: MetricsRecord): ConditionEvaluation {
  const unknown: string[] = [];
  const num = (n: ConditionNode): number => {
    switch (n.kind) {
      case 'number':
        return n.value;
      case 'name': {
        const v = lookupMetric(n.name, metrics);
        if (v === undefined) {
          if (!unknown.includes(n.name)) unknown.push(n.name);
          return Number.NaN;
        }
        return v;
      }
      case 'negate':
        return -num(n.operand);
      default:
        return Number.NaN;
    }
  };
  const bool = (n: ConditionNode): boolean => {
    switch (n.kind) {
      case 'boolean':
        return n.value;
      case 'not':
        return !bool(n.operand);
      case 'and': {
        const l = bool(n.left);
        const r = bool(n.right);
        return l && r;
      }
      case 'or': {
        const l = bool(n.left);
        const r = bool(n.right);
        return l || r;
      }
      case 'compare': {
        const l = num(n.left);
        const r = num(n.right);
        switch (n.op) {
          case '<':
            return l < r;
          case '<=':
            return l <= r;
          case '>':
            return l > r;
          case '>=':
            return l >= r;
          case '==':
            return l === r;
          case '!=':
            return l !== r;
        }
        return false;
      }
      default:
        return false;
    }
  };
  // Both sides of and/or are evaluated (no short-circuit) so every unknown name is reported.
  const value = bool(node);
  return { value: unknown.length === 0 && value, unknownNames: unknown };
}
