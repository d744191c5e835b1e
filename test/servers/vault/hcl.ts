/**
 * TEST SERVER for hardline's tests, not Vault: a parser for the subset of HCL (v1) that Vault
 * ACL policies use — `key "label" { ... }` blocks, `key = value` assignments, strings, numbers,
 * booleans, lists and objects, `#`, `//` and `/* *\/` comments — and HCL's JSON form. Syntax
 * errors read like the hashicorp/hcl v1 parser's ("At 3:5: ..."), so a policy error names its line.
 * Not supported: heredocs, and HCL features policies do not use.
 */

export type HclValue =
  | { kind: 'string'; value: string; line: number }
  | { kind: 'number'; value: number; line: number }
  | { kind: 'bool'; value: boolean; line: number }
  | { kind: 'list'; items: HclValue[]; line: number }
  | { kind: 'object'; items: HclItem[]; line: number };

export interface HclItem {
  keys: string[];
  value: HclValue;
  line: number;
}

export class HclSyntaxError extends Error {}

type TokenType = 'IDENT' | 'STRING' | 'NUMBER' | 'BOOL' | 'ASSIGN' | 'LBRACE' | 'RBRACE' | 'LBRACK' | 'RBRACK' | 'COMMA' | 'EOF';
interface Token {
  type: TokenType;
  text: string;
  line: number;
  col: number;
}

const PUNCTUATION: Record<string, TokenType> = { '=': 'ASSIGN', '{': 'LBRACE', '}': 'RBRACE', '[': 'LBRACK', ']': 'RBRACK', ',': 'COMMA' };
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const fail = (message: string, at = i): never => {
    throw new HclSyntaxError(`At ${line}:${at - lineStart + 1}: ${message}`);
  };
  while (i < source.length) {
    const c = source[i];
    const col = i - lineStart + 1;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === '#' || source.startsWith('//', i)) {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) fail('comment not terminated');
      for (; i < end + 2; i++) {
        if (source[i] === '\n') {
          line++;
          lineStart = i + 1;
        }
      }
    } else if (PUNCTUATION[c]) {
      tokens.push({ type: PUNCTUATION[c], text: c, line, col });
      i++;
    } else if (c === '"') {
      let value = '';
      const start = i;
      i++;
      for (;;) {
        if (i >= source.length || source[i] === '\n') fail('literal not terminated', start);
        const ch = source[i];
        if (ch === '"') break;
        if (ch === '\\') {
          const escaped = ESCAPES[source[i + 1]];
          if (escaped === undefined) fail('unknown escape sequence');
          value += escaped;
          i += 2;
        } else {
          value += ch;
          i++;
        }
      }
      i++;
      tokens.push({ type: 'STRING', text: value, line, col });
    } else if (/[-0-9]/.test(c)) {
      const match = /^-?\d+(\.\d+)?/.exec(source.slice(i));
      if (!match) fail('illegal char');
      tokens.push({ type: 'NUMBER', text: match![0], line, col });
      i += match![0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_][A-Za-z0-9_.-]*/.exec(source.slice(i))![0];
      tokens.push({ type: word === 'true' || word === 'false' ? 'BOOL' : 'IDENT', text: word, line, col });
      i += word.length;
    } else {
      fail('illegal char');
    }
  }
  tokens.push({ type: 'EOF', text: '', line, col: i - lineStart + 1 });
  return tokens;
}

class Parser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.position];
  }
  private next(): Token {
    return this.tokens[this.position++];
  }
  private fail(token: Token, message: string): never {
    throw new HclSyntaxError(`At ${token.line}:${token.col}: ${message}`);
  }

  parseBody(closing: 'EOF' | 'RBRACE'): HclItem[] {
    const items: HclItem[] = [];
    while (this.peek().type !== closing) {
      if (this.peek().type === 'EOF') this.fail(this.peek(), 'object expected closing RBRACE got: EOF');
      items.push(this.parseItem());
      if (this.peek().type === 'COMMA') this.next();
    }
    return items;
  }

  private parseItem(): HclItem {
    const first = this.peek();
    const keys: string[] = [];
    while (this.peek().type === 'IDENT' || this.peek().type === 'STRING') keys.push(this.next().text);
    if (keys.length === 0) this.fail(first, `expected: IDENT | STRING got: ${this.peek().type}`);
    const token = this.peek();
    if (token.type === 'ASSIGN') {
      this.next();
      return { keys, value: this.parseValue(), line: first.line };
    }
    if (token.type === 'LBRACE') return { keys, value: this.parseValue(), line: first.line };
    return this.fail(token, `key '${keys.join(' ')}' expected start of object ('{') or assignment ('=')`);
  }

  private parseValue(): HclValue {
    const token = this.next();
    switch (token.type) {
      case 'STRING':
      case 'IDENT':
        return { kind: 'string', value: token.text, line: token.line };
      case 'NUMBER':
        return { kind: 'number', value: Number(token.text), line: token.line };
      case 'BOOL':
        return { kind: 'bool', value: token.text === 'true', line: token.line };
      case 'LBRACE': {
        const items = this.parseBody('RBRACE');
        this.next();
        return { kind: 'object', items, line: token.line };
      }
      case 'LBRACK': {
        const items: HclValue[] = [];
        while (this.peek().type !== 'RBRACK') {
          if (this.peek().type === 'EOF') this.fail(this.peek(), 'list expected closing RBRACK got: EOF');
          items.push(this.parseValue());
          if (this.peek().type === 'COMMA') this.next();
          else if (this.peek().type !== 'RBRACK') this.fail(this.peek(), `expected: COMMA | RBRACK got: ${this.peek().type}`);
        }
        this.next();
        return { kind: 'list', items, line: token.line };
      }
      default:
        return this.fail(token, `Unknown token: ${token.line}:${token.col} ${token.type} ${token.text}`);
    }
  }
}

function fromJson(value: unknown): HclValue {
  if (Array.isArray(value)) return { kind: 'list', items: value.map(fromJson), line: 1 };
  if (value !== null && typeof value === 'object') {
    return { kind: 'object', items: Object.entries(value).map(([key, item]) => ({ keys: [key], value: fromJson(item), line: 1 })), line: 1 };
  }
  if (typeof value === 'number') return { kind: 'number', value, line: 1 };
  if (typeof value === 'boolean') return { kind: 'bool', value, line: 1 };
  return { kind: 'string', value: String(value), line: 1 };
}

/** HCL's JSON form: `{"path": {"secret/*": {"capabilities": ["read"]}}}` becomes `path "secret/*" {...}`. */
function parseJson(source: string): HclItem[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (error) {
    throw new HclSyntaxError(`At 1:1: ${(error as Error).message}`);
  }
  const items: HclItem[] = [];
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && key === 'path') {
      for (const [label, body] of Object.entries(value)) items.push({ keys: [key, label], value: fromJson(body), line: 1 });
    } else {
      items.push({ keys: [key], value: fromJson(value), line: 1 });
    }
  }
  return items;
}

/**
 * Parses HCL text (or its JSON form, detected by a leading "{" as hashicorp/hcl does) into its
 * top-level items; throws {@link HclSyntaxError} naming line and column.
 */
export function parseHcl(source: string): HclItem[] {
  if (source.trimStart().startsWith('{')) return parseJson(source);
  return new Parser(tokenize(source)).parseBody('EOF');
}
