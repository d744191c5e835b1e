/**
 * Splitting a large patch tree into shards that gitleaks processes scan in parallel. The WebAssembly
 * gitleaks runs on one thread, so a history scan of tens of megabytes uses one core of a runner that
 * has several; N processes over N shards of about equal bytes use them all. Shards are made of whole
 * top-level directories of the tree (one per commit), moved with a rename, so every file keeps the
 * path relative to its scan directory that gitleaks reports and findings map back unchanged.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Trees smaller than this are scanned by one process: a second start-up would cost more than it saves. */
export const SHARD_MIN_BYTES = 8 * 1024 * 1024;
/** At most this many processes, whatever the core count (memory: each holds its own gitleaks). */
export const MAX_SHARDS = 4;

export interface ShardOptions {
  /** Trees of at least this many bytes are sharded (default SHARD_MIN_BYTES; 0 shards every tree). */
  minBytes?: number;
  /** Number of shards (default min(os.availableParallelism(), MAX_SHARDS)). */
  count?: number;
}

export interface Shard {
  /** Directory to scan: holds the shard's top-level directories. */
  dir: string;
  /** The top-level directories of the tree it holds. */
  tops: string[];
  bytes: number;
}

/** How many shards a tree of `bytes` is split into (1: not sharded). */
export function shardCount(bytes: number, opts: ShardOptions = {}): number {
  const min = opts.minBytes ?? SHARD_MIN_BYTES;
  const wanted = opts.count ?? Math.min(availableParallelism(), MAX_SHARDS);
  if (bytes < min || wanted < 2) return 1;
  return Math.max(1, Math.floor(wanted));
}

/**
 * Assigns top-level directories to `count` groups of about equal bytes: largest first, each to the
 * lightest group so far (ties to the lowest index), then each group in tree order. Empty groups are
 * dropped. Deterministic for a given input.
 */
export function planShards(dirBytes: ReadonlyMap<string, number>, count: number): { tops: string[]; bytes: number }[] {
  const groups = Array.from({ length: Math.max(1, count) }, () => ({ tops: [] as string[], bytes: 0 }));
  const order = new Map([...dirBytes.keys()].map((k, i) => [k, i]));
  const bySize = [...dirBytes.entries()].sort((a, b) => b[1] - a[1] || (order.get(a[0]) ?? 0) - (order.get(b[0]) ?? 0));
  for (const [top, bytes] of bySize) {
    let lightest = groups[0];
    for (const g of groups) if (g.bytes < lightest.bytes) lightest = g;
    lightest.tops.push(top);
    lightest.bytes += bytes;
  }
  for (const g of groups) g.tops.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  return groups.filter((g) => g.tops.length > 0);
}

/** Moves the tree's top-level directories into `<shardsRoot>/<i>/` as planned. */
export function makeShards(treeRoot: string, dirBytes: ReadonlyMap<string, number>, count: number, shardsRoot: string): Shard[] {
  return planShards(dirBytes, count).map((g, i) => {
    const dir = path.join(shardsRoot, String(i));
    fs.mkdirSync(dir, { recursive: true });
    for (const top of g.tops) fs.renameSync(path.join(treeRoot, top), path.join(dir, top));
    return { dir, tops: g.tops, bytes: g.bytes };
  });
}

function availableParallelism(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}
