/**
 * A native gitleaks: one on PATH, or on CI runners the official release for this OS/arch fetched
 * with @actions/tool-cache and checked against the pinned SHA-256 table (a mismatch is exit 3).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tc from '@actions/tool-cache';
import { OperationalError } from '@hardline/core';
import { ENGINE_TIMEOUT_MS, GITLEAKS_VERSION, RELEASE_ASSETS, RELEASE_BASE_URL, type ChecksumTable } from './defaults';
import { runProcess } from './process';
import type { Engine, EngineResult } from './types';

const EXE = process.platform === 'win32' ? 'gitleaks.exe' : 'gitleaks';

/** The first executable `gitleaks` in PATH, or null. */
export function findOnPath(envPath: string | undefined = process.env.PATH): string | null {
  for (const dir of (envPath ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, EXE);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile() && !isNodeShim(file)) return file;
    } catch {
      /* next */
    }
  }
  return null;
}

/**
 * npm puts the WebAssembly package's `gitleaks` (a `#!/usr/bin/env node` script) on PATH under
 * `npm run`: that is the wasm engine, not a native one, and must not be reported as native.
 */
function isNodeShim(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(64);
    const n = fs.readSync(fd, head, 0, 64, 0);
    const text = head.subarray(0, n).toString('latin1');
    return text.startsWith('#!') && /\bnode\b/.test(text.split('\n')[0]);
  } finally {
    fs.closeSync(fd);
  }
}

export interface DownloadOptions {
  baseUrl?: string;
  table?: ChecksumTable;
  /** `${platform}-${arch}`, default this machine's. */
  platformKey?: string;
  log?: (message: string) => void;
}

/**
 * The pinned release from the tool cache, or downloaded, verified and cached. Throws OperationalError
 * when this OS/arch has no pinned asset, the download fails, or the checksum does not match.
 */
export async function downloadGitleaks(opts: DownloadOptions = {}): Promise<string> {
  const key = opts.platformKey ?? `${process.platform}-${process.arch}`;
  const table = opts.table ?? RELEASE_ASSETS;
  const entry = table[key];
  const arch = key.split('-')[1];
  if (!entry) throw new OperationalError(`no pinned gitleaks ${GITLEAKS_VERSION} release for ${key}`, [`look up ${key} in the checksum table`]);
  // tool-cache needs GitHub's runner directories; elsewhere (GitLab) use the temp dir.
  process.env.RUNNER_TOOL_CACHE ||= path.join(os.tmpdir(), 'hardline-tool-cache');
  process.env.RUNNER_TEMP ||= os.tmpdir();
  const cached = tc.find('gitleaks', GITLEAKS_VERSION, arch);
  if (cached && fs.existsSync(path.join(cached, EXE))) return path.join(cached, EXE);
  const url = `${opts.baseUrl ?? RELEASE_BASE_URL}/${entry.asset}`;
  const tried = [`download ${url}`];
  let archive: string;
  try {
    archive = await tc.downloadTool(url);
  } catch (err) {
    throw new OperationalError(`cannot download gitleaks ${GITLEAKS_VERSION}: ${(err as Error).message}`, tried);
  }
  const actual = createHash('sha256').update(fs.readFileSync(archive)).digest('hex');
  if (actual !== entry.sha256) {
    fs.rmSync(archive, { force: true });
    throw new OperationalError(
      `the downloaded ${entry.asset} does not match its pinned SHA-256 (expected ${entry.sha256}, got ${actual}); it was not used`,
      [...tried, `verify SHA-256 of ${entry.asset}`],
    );
  }
  opts.log?.(`verified ${entry.asset} (sha256 ${actual})`);
  const dir = await tc.extractTar(archive);
  fs.rmSync(archive, { force: true });
  if (!fs.existsSync(path.join(dir, EXE))) throw new OperationalError(`${entry.asset} holds no ${EXE}`, [...tried, `extract ${entry.asset}`]);
  const cachedDir = await tc.cacheDir(dir, 'gitleaks', GITLEAKS_VERSION, arch);
  return path.join(cachedDir, EXE);
}

export class NativeEngine implements Engine {
  readonly kind = 'native' as const;
  readonly description: string;
  constructor(
    readonly executable: string,
    origin: string,
  ) {
    this.description = `gitleaks (native, ${origin}: ${executable})`;
  }
  run(args: readonly string[], cwd: string, timeoutMs = ENGINE_TIMEOUT_MS): Promise<EngineResult> {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR };
    return runProcess(this.executable, args, cwd, env, timeoutMs, `gitleaks (${this.executable})`);
  }
}
