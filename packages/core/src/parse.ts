/**
 * The one parser for each kind of scalar an input, flag, variable or config file may hold.
 * Each throws ConfigurationError naming what it read (`label`) and what it expected.
 */
import { ConfigurationError, type SourceLocation } from './errors';

const TRUE = new Set(['true', 'True', 'TRUE', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'False', 'FALSE', 'no', 'off', '0']);

export function parseBoolean(raw: string, label: string, loc?: SourceLocation): boolean {
  const v = raw.trim();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new ConfigurationError(`${label}: expected true or false, got "${v}"`, loc);
}

/**
 * Newline- or comma-separated; blanks dropped; each item trimmed. A comma inside braces belongs to
 * its item, so a glob like `**\/compose.{yml,yaml}` stays one pattern.
 */
export function parseList(raw: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of raw) {
    if (ch === '\n' || (ch === ',' && depth === 0)) {
      items.push(current);
      current = '';
      if (ch === '\n') depth = 0;
      continue;
    }
    if (ch === '{') depth++;
    else if (ch === '}' && depth > 0) depth--;
    current += ch;
  }
  items.push(current);
  return items.map((s) => s.trim()).filter((s) => s.length > 0);
}

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** "90" (seconds), "30s", "10m", "1h30m", "30d" → seconds. */
export function parseDuration(raw: string | number, label: string, loc?: SourceLocation): number {
  if (typeof raw === 'number') {
    if (Number.isFinite(raw) && raw >= 0) return raw;
    throw new ConfigurationError(`${label}: expected a duration such as 30s, 10m, 1h or 30d, got ${raw}`, loc);
  }
  const v = raw.trim();
  if (/^\d+$/.test(v)) return Number(v);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(v)) !== null) {
    total += Number(m[1]) * UNIT_SECONDS[m[2]];
    matched = re.lastIndex;
  }
  if (v.length === 0 || matched !== v.length) {
    throw new ConfigurationError(`${label}: expected a duration such as 30s, 10m, 1h or 30d, got "${v}"`, loc);
  }
  return total;
}

export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const parts: string[] = [];
  let rest = Math.round(seconds);
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join('') || `${seconds}s`;
}

export function parseInteger(raw: string, label: string, opts: { min?: number; max?: number } = {}, loc?: SourceLocation): number {
  const v = raw.trim();
  if (!/^-?\d+$/.test(v)) throw new ConfigurationError(`${label}: expected a whole number, got "${v}"`, loc);
  const n = Number(v);
  if (opts.min !== undefined && n < opts.min) throw new ConfigurationError(`${label}: expected at least ${opts.min}, got ${n}`, loc);
  if (opts.max !== undefined && n > opts.max) throw new ConfigurationError(`${label}: expected at most ${opts.max}, got ${n}`, loc);
  return n;
}

export function parseEnum<T extends string>(raw: string, values: readonly T[], label: string, loc?: SourceLocation): T {
  const v = raw.trim();
  if ((values as readonly string[]).includes(v)) return v as T;
  throw new ConfigurationError(`${label}: expected one of ${values.join(', ')}, got "${v}"`, loc);
}
