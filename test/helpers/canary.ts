/**
 * Canary secrets: distinctive values planted in inputs, files and servers; every output byte
 * (stdout, stderr, outputs, summaries, report files, audit logs) is searched for them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

let n = 0;
/** A unique canary value that gitleaks-style rules would also consider high-entropy. */
export function canary(label = 'secret'): string {
  n++;
  return `cnry${label.replace(/[^a-z0-9]/gi, '').slice(0, 8)}${n}Q7xV9kLmT2pR8sW4zY6bN3`;
}

/** Every text file under `dir` (reports, audit logs, recovery notes…) plus the given strings. */
export function findCanaries(canaries: readonly string[], texts: readonly string[], dirs: readonly string[] = []): string[] {
  const hits: string[] = [];
  const check = (where: string, text: string) => {
    for (const c of canaries) if (text.includes(c)) hits.push(`${where} contains canary ${c.slice(0, 8)}…`);
  };
  texts.forEach((t, i) => check(`text #${i}`, t));
  for (const dir of dirs) for (const file of walk(dir)) check(file, fs.readFileSync(file, 'latin1'));
  return hits;
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const st = fs.statSync(dir);
  if (st.isFile()) return [dir];
  return fs.readdirSync(dir).flatMap((e) => walk(path.join(dir, e)));
}
