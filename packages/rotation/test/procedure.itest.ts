/**
 * The per-entry procedure (Rotator) with real stores on the test servers and scripted sources:
 * two concurrent runs of one entry, and the order of steps.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AuditLog, HttpClient, readAuditLog } from '@hardline/core';
import { createStore, generateRecoveryKeypair, openRecoveryFile } from '@hardline/stores';
import { startGitHubTestServer, GITHUB_TEST_TOKENS, type GitHubTestServer } from '../../../test/servers/github';
import { parseStoreTarget } from '@hardline/stores';
import { Rotator, type BoundSink } from '../src/procedure';
import type { PlanEntry } from '../src/plan';
import type { Created, RotationSource } from '../src/sources/types';

let github: GitHubTestServer;
let http: HttpClient;
let dir: string;

beforeAll(async () => {
  github = await startGitHubTestServer();
  http = new HttpClient({ baseDelayMs: 2, maxDelayMs: 10 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardline-procedure-'));
});
afterAll(async () => {
  http.close();
  await github.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A source whose create() waits for the test to open a gate; it records every call. */
class GatedSource implements RotationSource {
  readonly label = 'gated test source';
  calls: string[] = [];
  private open!: () => void;
  readonly gate = new Promise<void>((r) => (this.open = r));
  entered!: () => void;
  readonly inCreate = new Promise<void>((r) => (this.entered = r));
  constructor(
    private readonly value: string,
    private readonly keepsOld = true,
  ) {}
  release(): void {
    this.open();
  }
  async preflight(): Promise<void> {
    this.calls.push('preflight');
  }
  async overlap() {
    return { keepsOld: this.keepsOld, explanation: this.keepsOld ? 'old stays valid' : 'old dies at once' };
  }
  async create(): Promise<Created> {
    this.calls.push('create');
    this.entered();
    await this.gate;
    return { value: this.value, facts: {} };
  }
  async finish(): Promise<string> {
    this.calls.push('finish');
    return 'finished';
  }
}

function entry(name: string): PlanEntry {
  return { name, source: { type: 'random', length: 32 }, sinks: [], maxAge: 86400 * 30, line: 2 };
}

function sink(name: string): BoundSink {
  const target = parseStoreTarget('github:repository:acme/app');
  return {
    spec: { raw: 'github:repository:acme/app', target, name, line: 3 },
    store: createStore({ kind: 'github', scope: 'repository', repository: 'acme/app', token: GITHUB_TEST_TOKENS.write, apiUrl: github.url }, { http }),
  };
}

function rotator(sub: string, extra: { recoveryPublicKey?: string } = {}) {
  const audit = new AuditLog(path.join(dir, sub, 'audit.jsonl'), 'rotate');
  return new Rotator({
    dryRun: false,
    audit,
    log: () => undefined,
    recoveryFile: path.join(dir, sub, 'recovery.json'),
    retryDelayMs: 1,
    lock: { dir: path.join(dir, sub, 'locks') },
    ...extra,
  });
}

describe('Rotator', () => {
  it('lets only one of two concurrent runs of an entry rotate it; the other is refused by the lock and touches nothing', async () => {
    const a = new GatedSource('value-from-run-a-0123456789abcdef');
    const b = new GatedSource('value-from-run-b-0123456789abcdef');
    const runA = rotator('concurrent').rotateEntry(entry('CONCURRENT'), a, [sink('CONCURRENT')]);
    await a.inCreate;
    const resultB = await rotator('concurrent').rotateEntry(entry('CONCURRENT'), b, [sink('CONCURRENT')]);
    a.release();
    const resultA = await runA;
    expect(resultA).toMatchObject({ status: 'rotated', exit: 0 });
    expect(resultB).toMatchObject({ status: 'skipped', exit: 3, failedStep: 'lock' });
    expect(resultB.reason).toContain('another rotation of CONCURRENT is running');
    expect(b.calls).toEqual([]);
    expect(github.secretValue('repo:acme/app', 'CONCURRENT')).toBe('value-from-run-a-0123456789abcdef');
    expect(fs.existsSync(path.join(dir, 'concurrent', 'locks', 'CONCURRENT.lock'))).toBe(false);
  });

  it('preflights every sink before touching the source, then creates, sets, verifies and finishes in that order', async () => {
    const s = new GatedSource('ordered-value-0123456789abcdefghij');
    s.release();
    const r = await rotator('order').rotateEntry(entry('ORDERED'), s, [sink('ORDERED')]);
    expect(r.status).toBe('rotated');
    expect(s.calls).toEqual(['preflight', 'create', 'finish']);
    const ops = readAuditLog(path.join(dir, 'order', 'audit.jsonl')).map((l) => `${l.operation}:${l.outcome}`);
    expect(ops).toEqual(['rotate.lock:ok', 'rotate.preflight:ok', 'rotate.preflight:ok', 'rotate.create:ok', 'set:ok', 'rotate.verify:ok', 'rotate.finish:ok', 'rotate.rotate:ok']);
    expect(r.sinks[0]).toMatchObject({ ok: true, verifiedBy: 'updated-at' });
  });

  it('never calls finish when a sink fails, and seals every unplaced value of the run into one recovery file', async () => {
    const keys = await generateRecoveryKeypair();
    const rot = rotator('unplaced', { recoveryPublicKey: keys.publicKey });
    github.failNext({ status: 500, method: 'PUT', path: /\/actions\/secrets\/UNPLACED_/, count: 1000 });
    try {
      const one = new GatedSource('first-unplaced-0123456789abcdefgh', false);
      one.release();
      const two = new GatedSource('second-unplaced-0123456789abcdefg', false);
      two.release();
      const r1 = await rot.rotateEntry(entry('UNPLACED_ONE'), one, [sink('UNPLACED_ONE')]);
      const r2 = await rot.rotateEntry(entry('UNPLACED_TWO'), two, [sink('UNPLACED_TWO')]);
      expect([r1.status, r2.status]).toEqual(['failed', 'failed']);
      expect(one.calls).not.toContain('finish');
      const opened = await openRecoveryFile(path.join(dir, 'unplaced', 'recovery.json'), keys.publicKey, keys.privateKey);
      expect(opened.entries).toEqual({ UNPLACED_ONE: 'first-unplaced-0123456789abcdefgh', UNPLACED_TWO: 'second-unplaced-0123456789abcdefg' });
    } finally {
      github.clearFaults();
    }
  });
});
