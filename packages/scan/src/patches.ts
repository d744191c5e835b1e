/**
 * Turns commits into a tree gitleaks can scan with `dir`, and maps findings back. For each commit
 * (in `git log -p -U0` order) and each changed text file, the added lines of every hunk are written
 * to <root>/<commit index>/<path>, hunks separated by one empty line; a line table maps every written
 * line to its line number in that commit's version of the file. Binary files are skipped, as
 * gitleaks' own git scan does; renames without content change add nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Git } from './git';

export interface CommitMeta {
  sha: string;
  parents: string[];
  author: string;
  email: string;
  date: string;
}

export interface PatchFile {
  /** Index into PatchTree.commits (-1: the index, for the staged scope). */
  commit: number;
  /** Path in that commit (forward slashes). */
  path: string;
  /** lines[i] = line number in the commit's file for written line i+1; 0 for a hunk separator. */
  lines: number[];
}

export interface PatchTree {
  root: string;
  commits: CommitMeta[];
  /** Keyed by the path gitleaks reports: `<commit index>/<path>`. */
  files: Map<string, PatchFile>;
  /** Bytes of added lines written. */
  bytes: number;
  /** Bytes written under each top-level directory (`<commit index>` or `index`): what shards balance. */
  dirBytes: Map<string, number>;
  skippedBinary: number;
}

const MARK = '\x01HLC\x00';
export const LOG_FORMAT = '--format=%x01HLC%x00%H%x00%P%x00%an%x00%ae%x00%aI';
/** Settings a user's git config could change that would alter the patch format. */
const PATCH_CONFIG = ['-c', 'core.quotePath=false', '-c', 'diff.interHunkContext=0', '-c', 'diff.suppressBlankEmpty=false', '-c', 'log.showSignature=false', '-c', 'diff.noprefix=false'];
const DIFF_OPTS = ['-p', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', '-M', '--src-prefix=a/', '--dst-prefix=b/'];

/** `git log` arguments producing every commit's patch for the given revisions. */
export function logArgs(revs: readonly string[], firstParent = false): string[] {
  return [...PATCH_CONFIG, 'log', ...DIFF_OPTS, '--diff-merges=remerge', LOG_FORMAT, ...(firstParent ? ['--first-parent'] : []), ...revs, '--'];
}

/** `git diff --cached` arguments for the staged scope. */
export function stagedArgs(): string[] {
  return [...PATCH_CONFIG, 'diff', '--cached', ...DIFF_OPTS, '--'];
}

/** Runs git with the given arguments and writes the patch tree under `root`. */
export async function buildPatchTree(git: Git, args: readonly string[], root: string, staged = false): Promise<PatchTree> {
  const builder = new PatchTreeBuilder(root, staged);
  const child = git.spawn(args);
  child.stdin.end();
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const done = new Promise<number>((resolve, reject) => {
    child.on('error', (err: NodeJS.ErrnoException) => reject(git.error(args, `cannot run git: ${err.code ?? err.message}`)));
    child.on('close', (code) => resolve(code ?? -1));
  });
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) builder.push(chunk);
  const code = await done;
  if (code !== 0) throw git.error(args, stderr.trim().split('\n')[0] || `exit code ${code}`);
  return builder.end();
}

/** Streaming parser of `git log -p -U0` / `git diff -U0` output. Exported for unit tests. */
export class PatchTreeBuilder {
  private readonly tree: PatchTree;
  private rest: Buffer = Buffer.alloc(0);
  private commit: number;
  private file: { path: string | null; binary: boolean } | null = null;
  private hunk: { oldLeft: number; newLeft: number; next: number } | null = null;
  private chunks: Buffer[] = [];
  private lines: number[] = [];
  private readonly dirs = new Set<string>();

  constructor(root: string, staged = false) {
    this.tree = { root, commits: [], files: new Map(), bytes: 0, dirBytes: new Map(), skippedBinary: 0 };
    this.commit = staged ? -1 : -2;
    fs.mkdirSync(root, { recursive: true });
  }

  push(chunk: Buffer): void {
    let buf = this.rest.length > 0 ? Buffer.concat([this.rest, chunk]) : chunk;
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(10, start);
      if (nl < 0) break;
      this.line(buf.subarray(start, nl));
      start = nl + 1;
    }
    buf = buf.subarray(start);
    this.rest = Buffer.from(buf);
  }

  end(): PatchTree {
    if (this.rest.length > 0) this.line(this.rest);
    this.rest = Buffer.alloc(0);
    this.flushFile();
    return this.tree;
  }

  private line(raw: Buffer): void {
    if (this.hunk) {
      const c = raw[0];
      if (c === 0x5c /* "\ No newline at end of file" */) return;
      let content = true;
      if (c === 0x2b /* + */) {
        this.chunks.push(raw.subarray(1), NEWLINE);
        this.lines.push(this.hunk.next++);
        this.hunk.newLeft--;
      } else if (c === 0x2d /* - */) {
        this.hunk.oldLeft--;
      } else if (c === 0x20 /* context */) {
        this.hunk.oldLeft--;
        this.hunk.newLeft--;
        this.hunk.next++;
      } else {
        content = false;
        this.hunk = null;
      }
      if (this.hunk && this.hunk.oldLeft <= 0 && this.hunk.newLeft <= 0) this.hunk = null;
      if (content) return;
    }
    const text = raw.toString('utf8');
    if (text.startsWith(MARK)) {
      this.flushFile();
      const [sha, parents, author, email, date] = text.slice(MARK.length).split('\x00');
      this.tree.commits.push({ sha, parents: parents ? parents.split(' ') : [], author, email, date });
      this.commit = this.tree.commits.length - 1;
      return;
    }
    if (text.startsWith('diff --git ') || text.startsWith('diff --cc ')) {
      this.flushFile();
      this.file = { path: null, binary: false };
      return;
    }
    if (!this.file) return;
    if (text.startsWith('+++ ')) {
      const p = text.slice(4).replace(/\t$/, '');
      this.file.path = p === '/dev/null' ? null : stripPrefix(unquote(p));
      return;
    }
    if (text.startsWith('Binary files ') || text.startsWith('GIT binary patch')) {
      this.file.binary = true;
      this.tree.skippedBinary++;
      return;
    }
    if (text.startsWith('@@')) {
      const m = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(text);
      if (!m || !this.file.path) return;
      if (this.lines.length > 0) {
        this.chunks.push(NEWLINE);
        this.lines.push(0);
      }
      const oldLeft = m[1] === undefined ? 1 : Number(m[1]);
      const newLeft = m[3] === undefined ? 1 : Number(m[3]);
      this.hunk = oldLeft + newLeft > 0 ? { oldLeft, newLeft, next: Number(m[2]) } : null;
    }
  }

  private flushFile(): void {
    const file = this.file;
    this.file = null;
    this.hunk = null;
    const chunks = this.chunks;
    const lines = this.lines;
    this.chunks = [];
    this.lines = [];
    if (!file || !file.path || file.binary || lines.length === 0 || this.commit < -1) return;
    if (!safeRelative(file.path)) return;
    const top = this.commit < 0 ? 'index' : String(this.commit);
    const key = `${top}/${file.path}`;
    const abs = path.join(this.tree.root, ...key.split('/'));
    const dir = path.dirname(abs);
    if (!this.dirs.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      this.dirs.add(dir);
    }
    const data = Buffer.concat(chunks);
    const existing = this.tree.files.get(key);
    if (existing) {
      fs.appendFileSync(abs, Buffer.concat([NEWLINE, data]));
      existing.lines.push(0, ...lines);
    } else {
      fs.writeFileSync(abs, data);
      this.tree.files.set(key, { commit: this.commit, path: file.path, lines });
    }
    this.tree.bytes += data.length;
    this.tree.dirBytes.set(top, (this.tree.dirBytes.get(top) ?? 0) + data.length);
  }
}

const NEWLINE = Buffer.from('\n');

function stripPrefix(p: string): string {
  return p.startsWith('b/') ? p.slice(2) : p;
}

function safeRelative(p: string): boolean {
  return p.length > 0 && !p.startsWith('/') && !p.split('/').some((s) => s === '..' || s === '' || s === '.git');
}

/** Git's C-style quoting of unusual paths ("a\tb", "\303\251"). */
export function unquote(p: string): string {
  if (!p.startsWith('"') || !p.endsWith('"')) return p;
  const bytes: number[] = [];
  const s = p.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = s[++i];
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(s.slice(i, i + 3), 8));
      i += 2;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Where a finding at `line` of a written file lies in the commit's file (null for a separator). */
export function mapLine(file: PatchFile, line: number): number | null {
  const n = file.lines[line - 1];
  return n === undefined || n === 0 ? null : n;
}
