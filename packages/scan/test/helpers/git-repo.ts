/**
 * Real git repositories for the scanner's tests, built in temp dirs with the git CLI (and
 * `git fast-import` for long histories). Dates and identities are fixed so SHAs are stable per run.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type Files = Record<string, string | Buffer | null>;

let clock = 1_700_000_000;

const created: string[] = [];
// Every temp dir a test file made is removed when that file's tests are done.
afterAll(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = 'hardline-scan-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** A random AWS-style access key id (gitleaks rule aws-access-token). */
export function awsKey(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes = randomBytes(16);
  return 'AKIA' + [...bytes].map((b) => alphabet[b % 32]).join('');
}

export class TestRepo {
  constructor(readonly dir: string) {}

  static init(dir = tempDir(), branch = 'main'): TestRepo {
    fs.mkdirSync(dir, { recursive: true });
    const repo = new TestRepo(dir);
    repo.git('init', '-q', '-b', branch);
    repo.git('config', 'user.name', 'Test Author');
    repo.git('config', 'user.email', 'author@example.com');
    repo.git('config', 'commit.gpgsign', 'false');
    return repo;
  }

  git(...args: string[]): string {
    const r = spawnSync('git', args, {
      cwd: this.dir,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_DATE: `${clock} +0000`, GIT_COMMITTER_DATE: `${clock} +0000`, LC_ALL: 'C' },
      maxBuffer: 256 * 1024 * 1024,
    });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  }

  write(files: Files): void {
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(this.dir, name);
      if (content === null) {
        fs.rmSync(file, { force: true });
        continue;
      }
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
  }

  /** Writes (null deletes) the files, commits everything, returns the new commit's SHA. */
  commit(message: string, files: Files = {}): string {
    this.write(files);
    this.git('add', '-A');
    clock += 60;
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.head();
  }

  head(rev = 'HEAD'): string {
    return this.git('rev-parse', rev).trim();
  }

  /**
   * Appends `count` commits to `branch` (starting at `from`) with git fast-import; commit i changes
   * the files `files(i)` returns. Returns the SHAs in order.
   */
  fastCommits(branch: string, from: string, count: number, files: (i: number) => Record<string, string>): string[] {
    const parts: Buffer[] = [];
    const add = (s: string | Buffer) => parts.push(typeof s === 'string' ? Buffer.from(s, 'utf8') : s);
    for (let i = 0; i < count; i++) {
      clock += 60;
      const msg = Buffer.from(`commit ${i}\n`);
      add(`commit refs/heads/${branch}\nmark :${i + 1}\nauthor Test Author <author@example.com> ${clock} +0000\ncommitter Test Author <author@example.com> ${clock} +0000\ndata ${msg.length}\n`);
      add(msg);
      add(i === 0 ? `from ${from}\n` : '');
      for (const [name, content] of Object.entries(files(i))) {
        const data = Buffer.from(content, 'utf8');
        add(`M 100644 inline ${name}\ndata ${data.length}\n`);
        add(data);
        add('\n');
      }
      add('\n');
    }
    add('done\n');
    const r = spawnSync('git', ['fast-import', '--quiet', '--done', '--export-marks=marks.tmp'], { cwd: this.dir, input: Buffer.concat(parts), maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`fast-import failed: ${r.stderr.toString()}`);
    const marks = fs.readFileSync(path.join(this.dir, 'marks.tmp'), 'utf8');
    fs.rmSync(path.join(this.dir, 'marks.tmp'));
    const shas = new Map(marks.split('\n').filter(Boolean).map((l) => l.split(' ') as [string, string]));
    return Array.from({ length: count }, (_, i) => shas.get(`:${i + 1}`) as string);
  }

  /** A bare clone (the "remote" of shallow-clone tests, reached through file://). */
  bareClone(dir = tempDir('hardline-scan-bare-')): string {
    const r = spawnSync('git', ['clone', '-q', '--bare', this.dir, dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return dir;
  }
}

/** `git clone` with extra arguments (e.g. --depth 1 --branch feature file:///bare). */
export function clone(args: string[], dir = tempDir('hardline-scan-clone-')): TestRepo {
  const r = spawnSync('git', ['clone', '-q', ...args, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git clone failed: ${r.stderr}`);
  const repo = new TestRepo(dir);
  repo.git('config', 'user.name', 'Test Author');
  repo.git('config', 'user.email', 'author@example.com');
  return repo;
}
