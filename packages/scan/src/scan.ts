/**
 * One scan: build what gitleaks reads (the patch tree of the scope's commits, of the index, or the
 * directory itself), run the engine over it (a large patch tree in shards, one process per core, see
 * shards.ts), map and mask what it found, clean up.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigurationError, OperationalError, type Finding } from '@hardline/core';
import type { Engine } from './engine/types';
import { findingsFromDir, findingsFromTree, parseGitleaksReport } from './findings';
import type { Git } from './git';
import { buildPatchTree, logArgs, stagedArgs } from './patches';
import { makeShards, shardCount, type ShardOptions } from './shards';
import type { ResolvedScope } from './scope/types';

export interface ScanRun {
  engine: Engine;
  git: Git | null;
  scope: ResolvedScope;
  /** Effective gitleaks config (absolute), or undefined for gitleaks' defaults. */
  config?: string;
  /** Shown in errors about the config (the user's file). */
  configDisplay?: string;
  firstParent?: boolean;
  timeoutMs?: number;
  /** Parent of the private work directory (default RUNNER_TEMP or the OS temp dir). */
  tempRoot?: string;
  log?: (message: string) => void;
  /** When a patch tree is split into shards scanned in parallel (default: above 8 MB, one per core up to 4). */
  shards?: ShardOptions;
}

export interface ScanOutcome {
  findings: Finding[];
  commitsScanned: number;
  bytesScanned: number;
  skippedBinary: number;
}

export function makeWorkDir(tempRoot?: string): string {
  return fs.mkdtempSync(path.join(tempRoot ?? (process.env.RUNNER_TEMP || os.tmpdir()), 'hardline-scan-'));
}

export async function runScan(run: ScanRun, workDir: string): Promise<ScanOutcome> {
  const noIgnore = path.join(workDir, 'no-ignore');
  fs.mkdirSync(noIgnore, { recursive: true });
  const args = (source: string, reportPath: string) => [
    'dir',
    source,
    '--no-banner',
    '--no-color',
    '--log-level',
    'warn',
    '--report-format',
    'json',
    '--report-path',
    reportPath,
    '--exit-code',
    '0',
    '--gitleaks-ignore-path',
    noIgnore,
    ...(run.config ? ['--config', run.config] : []),
  ];
  const exec = async (cwd: string, bytes?: number, reportPath = path.join(workDir, 'gitleaks-report.json')) => {
    const r = await run.engine.run(args('.', reportPath), cwd, run.timeoutMs, bytes);
    if (r.code !== 0) {
      const detail = r.stderr.replace(/\x1b\[[0-9;]*m/g, '').trim().split('\n').slice(-3).join(' ');
      if (/config|toml|regex|rule/i.test(detail) && run.configDisplay) {
        throw new ConfigurationError(`gitleaks rejected the configuration: ${detail}`, { file: run.configDisplay });
      }
      throw new OperationalError(`gitleaks exited with code ${r.code}: ${detail || 'no message'}`, [`${run.engine.description}: gitleaks dir`]);
    }
    const text = fs.existsSync(reportPath) ? fs.readFileSync(reportPath, 'utf8') : '[]';
    fs.rmSync(reportPath, { force: true });
    return parseGitleaksReport(text, 'the gitleaks report');
  };

  if (run.scope.kind === 'dir') {
    const bytes = dirBytes(run.scope.path);
    const leaks = await exec(run.scope.path, bytes);
    return { findings: findingsFromDir(leaks, run.scope.path), commitsScanned: 0, bytesScanned: bytes, skippedBinary: 0 };
  }
  if (!run.git) throw new ConfigurationError('this scope needs a git repository');
  const treeRoot = path.join(workDir, 'tree');
  const gitArgs = run.scope.kind === 'staged' ? stagedArgs() : logArgs(run.scope.revs, run.firstParent);
  const tree = await buildPatchTree(run.git, gitArgs, treeRoot, run.scope.kind === 'staged');
  run.log?.(`${tree.commits.length} commit(s), ${tree.files.size} changed file(s), ${(tree.bytes / 1e6).toFixed(2)} MB of added lines`);
  let findings: Finding[] = [];
  const count = shardCount(tree.bytes, run.shards);
  if (tree.files.size > 0 && count > 1) {
    const shards = makeShards(treeRoot, tree.dirBytes, count, path.join(workDir, 'shards'));
    run.log?.(`scanning in ${shards.length} shards in parallel: ${shards.map((s) => `${(s.bytes / 1e6).toFixed(2)} MB`).join(', ')}`);
    // Every process is waited for before anything is thrown, so none outlives the work directory.
    const settled = await Promise.allSettled(shards.map((s, i) => exec(s.dir, s.bytes, path.join(workDir, `gitleaks-report-${i}.json`))));
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    settled.forEach((r, i) => {
      if (r.status === 'fulfilled') findings = findings.concat(findingsFromTree(r.value, { ...tree, root: shards[i].dir }));
    });
  } else if (tree.files.size > 0) {
    findings = findingsFromTree(await exec(treeRoot, tree.bytes), tree);
  }
  return { findings, commitsScanned: tree.commits.length, bytesScanned: tree.bytes, skippedBinary: tree.skippedBinary };
}

function dirBytes(dir: string): number {
  let total = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === '.git') continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) total += fs.statSync(p).size;
    }
  };
  walk(dir);
  return total;
}
