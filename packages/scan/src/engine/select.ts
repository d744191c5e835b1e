/**
 * --engine auto|native|wasm. auto: a gitleaks on PATH, else (on CI runners) the pinned release,
 * else the WebAssembly build. The caller logs which one ran; if none can run the scan fails (exit 3).
 */
import { OperationalError } from '@hardline/core';
import { downloadGitleaks, findOnPath, NativeEngine, type DownloadOptions } from './native';
import type { Engine } from './types';
import { WasmEngine, type WasmOptions } from './wasm';

export const ENGINES = ['auto', 'native', 'wasm'] as const;
export type EngineChoice = (typeof ENGINES)[number];

export interface SelectOptions {
  env?: NodeJS.ProcessEnv;
  /** True on GitHub/GitLab runners: the official release may be downloaded. */
  onRunner: boolean;
  download?: DownloadOptions;
  wasm?: WasmOptions;
  log?: (message: string) => void;
}

export async function selectEngine(choice: EngineChoice, opts: SelectOptions): Promise<Engine> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? (() => undefined);
  const tried: string[] = [];
  if (choice !== 'wasm') {
    const onPath = findOnPath(env.PATH);
    if (onPath) return new NativeEngine(onPath, 'PATH');
    tried.push('look for gitleaks on PATH: not found');
    if (opts.onRunner) {
      try {
        return new NativeEngine(await downloadGitleaks({ log, ...opts.download }), 'pinned release');
      } catch (err) {
        // A checksum mismatch is never silently skipped, even in auto mode.
        if (err instanceof OperationalError && /SHA-256/.test(err.message)) throw err;
        if (choice === 'native') throw err;
        tried.push(`download the pinned release: ${(err as Error).message}`);
        log(`native gitleaks unavailable (${(err as Error).message}); using the WebAssembly build`);
      }
    } else {
      tried.push('download the pinned release: only on GitHub/GitLab runners');
    }
    if (choice === 'native') throw new OperationalError('no native gitleaks can run here', tried, 'install gitleaks on PATH or use --engine wasm');
  }
  const wasm = new WasmEngine({ env, ...opts.wasm });
  try {
    wasm.prepare();
  } catch (err) {
    if (err instanceof OperationalError) throw new OperationalError(err.message, [...tried, ...err.tried], err.hint);
    throw err;
  }
  return wasm;
}
