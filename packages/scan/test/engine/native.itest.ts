/**
 * The native engine: PATH lookup, and the pinned-release download through @actions/tool-cache from a
 * loopback "release server" serving a gitleaks archive, with matching and mismatching checksums.
 * The archive's `gitleaks` runs the real gitleaks (the WebAssembly build behind a shell wrapper), so
 * the native path is also checked to find exactly what the WebAssembly path finds; a real native
 * gitleaks on PATH, where one exists, is compared too.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { OperationalError } from '@hardline/core';
import { RELEASE_ASSETS, type ChecksumTable } from '../../src/engine/defaults';
import { downloadGitleaks, findOnPath, NativeEngine } from '../../src/engine/native';
import { selectEngine } from '../../src/engine/select';
import type { Engine } from '../../src/engine/types';
import { prepareWasm, runnerScript, WasmEngine } from '../../src/engine/wasm';
import { awsKey, tempDir } from '../helpers/git-repo';

const KEY = `${process.platform}-${process.arch}`;
let server: http.Server;
let baseUrl: string;
let archive: Buffer;
let requests: string[] = [];

beforeAll(async () => {
  const work = tempDir('hardline-release-');
  const runner = path.join(work, 'runner.js');
  fs.writeFileSync(runner, runnerScript());
  const wasm = prepareWasm({ cacheDir: work });
  const pkg = path.join(work, 'pkg');
  fs.mkdirSync(pkg);
  fs.writeFileSync(path.join(pkg, 'gitleaks'), `#!/bin/sh\nexec "${process.execPath}" "${runner}" "${wasm}" "$@"\n`, { mode: 0o755 });
  fs.writeFileSync(path.join(pkg, 'LICENSE'), 'MIT\n');
  const tgz = path.join(work, 'gitleaks.tar.gz');
  const r = spawnSync('tar', ['-czf', tgz, '-C', pkg, 'gitleaks', 'LICENSE']);
  if (r.status !== 0) throw new Error(String(r.stderr));
  archive = fs.readFileSync(tgz);
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url?.endsWith('.tar.gz')) {
      res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': archive.length });
      res.end(archive);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/download/v8.28.0`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  requests = [];
  process.env.RUNNER_TOOL_CACHE = tempDir('hardline-toolcache-');
  process.env.RUNNER_TEMP = tempDir('hardline-runnertemp-');
});

function table(sha256: string): ChecksumTable {
  return { [KEY]: { asset: `gitleaks_8.28.0_${KEY}.tar.gz`, sha256 } };
}

async function scanWith(engine: Engine, dir: string): Promise<string[]> {
  const report = path.join(tempDir(), 'r.json');
  const r = await engine.run(['dir', '.', '--no-banner', '--report-format', 'json', '--report-path', report, '--exit-code', '0', '--gitleaks-ignore-path', tempDir()], dir);
  expect(r.code).toBe(0);
  return (JSON.parse(fs.readFileSync(report, 'utf8')) as Array<{ RuleID: string; File: string; StartLine: number }>).map((l) => `${l.RuleID} ${l.File}:${l.StartLine}`).sort();
}

describe('the pinned gitleaks release', () => {
  it('pins a SHA-256 for every runner OS and architecture it downloads for', () => {
    expect(Object.keys(RELEASE_ASSETS).sort()).toEqual(['darwin-arm64', 'darwin-x64', 'linux-arm64', 'linux-x64']);
    for (const a of Object.values(RELEASE_ASSETS)) expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('downloads, verifies and caches the release, then finds it in the tool cache without downloading again', async () => {
    const sha = createHash('sha256').update(archive).digest('hex');
    const exe = await downloadGitleaks({ baseUrl, table: table(sha) });
    expect(fs.statSync(exe).mode & 0o111).not.toBe(0);
    expect(exe.startsWith(process.env.RUNNER_TOOL_CACHE as string)).toBe(true);
    expect(requests).toEqual([`/download/v8.28.0/gitleaks_8.28.0_${KEY}.tar.gz`]);
    expect(await downloadGitleaks({ baseUrl, table: table(sha) })).toBe(exe);
    expect(requests).toHaveLength(1);

    // The native path finds exactly what the WebAssembly path finds.
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.env'), `x=1\naws_key = "${awsKey()}"\n`);
    fs.writeFileSync(path.join(dir, 'b.txt'), 'clean\n');
    const viaNative = await scanWith(new NativeEngine(exe, 'pinned release'), dir);
    expect(viaNative).toEqual(['aws-access-token a.env:2']);
    expect(await scanWith(new WasmEngine(), dir)).toEqual(viaNative);
    const real = findOnPath((process.env.PATH ?? '').split(path.delimiter).filter((p) => !p.includes('node_modules')).join(path.delimiter));
    if (real) expect(await scanWith(new NativeEngine(real, 'PATH'), dir)).toEqual(viaNative);
  });

  it('refuses an archive whose SHA-256 does not match, in native and in auto mode (exit 3)', async () => {
    const wrong = '0'.repeat(64);
    const err = await downloadGitleaks({ baseUrl, table: table(wrong) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationalError);
    expect((err as OperationalError).message).toContain('does not match its pinned SHA-256');
    const auto = await selectEngine('auto', { env: { PATH: '' }, onRunner: true, download: { baseUrl, table: table(wrong) } }).catch((e: unknown) => e);
    expect(auto).toBeInstanceOf(OperationalError);
  });

  it('reports what it tried when the release server has no asset', async () => {
    const err = await selectEngine('native', { env: { PATH: '' }, onRunner: true, download: { baseUrl: `${baseUrl}/missing`, table: { [KEY]: { asset: 'nothing-here', sha256: 'x' } } } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationalError);
    expect((err as OperationalError).tried.join('\n')).toContain('download');
  });
});

describe('engine selection', () => {
  it('uses a gitleaks found on PATH, in auto and native mode', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'gitleaks'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    expect(findOnPath(dir)).toBe(path.join(dir, 'gitleaks'));
    const engine = await selectEngine('auto', { env: { PATH: dir }, onRunner: false });
    expect(engine.kind).toBe('native');
    expect(engine.description).toContain(path.join(dir, 'gitleaks'));
  });

  it("does not take npm's node shim of the WebAssembly package for a native gitleaks", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'gitleaks'), '#!/usr/bin/env node\nrequire("..")();\n', { mode: 0o755 });
    expect(findOnPath(dir)).toBeNull();
  });

  it('falls back to the WebAssembly build in auto mode off CI, and fails in native mode', async () => {
    expect((await selectEngine('auto', { env: { PATH: '' }, onRunner: false })).kind).toBe('wasm');
    await expect(selectEngine('native', { env: { PATH: '' }, onRunner: false })).rejects.toThrow('no native gitleaks can run here');
  });
});
