import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeShards, MAX_SHARDS, planShards, SHARD_MIN_BYTES, shardCount } from '../src/shards';
import { tempDir } from './helpers/git-repo';

describe('shardCount', () => {
  it('keeps a tree below the threshold in one process', () => {
    expect(shardCount(SHARD_MIN_BYTES - 1, { count: 4 })).toBe(1);
  });

  it('splits a tree at or above the threshold into the requested number of shards', () => {
    expect(shardCount(SHARD_MIN_BYTES, { count: 3 })).toBe(3);
    expect(shardCount(10, { minBytes: 0, count: 2 })).toBe(2);
  });

  it('uses one shard per core by default, never more than the maximum', () => {
    const n = shardCount(SHARD_MIN_BYTES * 10);
    expect(n).toBeGreaterThanOrEqual(1);
    expect(n).toBeLessThanOrEqual(MAX_SHARDS);
  });

  it('does not shard when only one shard is asked for', () => {
    expect(shardCount(SHARD_MIN_BYTES * 10, { count: 1 })).toBe(1);
  });
});

describe('planShards', () => {
  it('balances directories by bytes and keeps each shard in tree order', () => {
    const plan = planShards(new Map([['0', 10], ['1', 50], ['2', 20], ['3', 30], ['4', 40]]), 2);
    expect(plan).toEqual([
      { tops: ['0', '1', '2'], bytes: 80 },
      { tops: ['3', '4'], bytes: 70 },
    ]);
  });

  it('assigns every directory exactly once', () => {
    const sizes = new Map(Array.from({ length: 37 }, (_, i) => [String(i), (i * 7919) % 101] as [string, number]));
    const plan = planShards(sizes, 4);
    expect(plan.flatMap((g) => g.tops).sort()).toEqual([...sizes.keys()].sort());
    expect(plan.reduce((n, g) => n + g.bytes, 0)).toBe([...sizes.values()].reduce((a, b) => a + b, 0));
  });

  it('drops shards that would be empty', () => {
    expect(planShards(new Map([['index', 5]]), 3)).toEqual([{ tops: ['index'], bytes: 5 }]);
  });
});

describe('makeShards', () => {
  it('moves each top-level directory into its shard with its relative paths intact', () => {
    const root = tempDir();
    const tree = path.join(root, 'tree');
    for (const top of ['0', '1', '2']) {
      fs.mkdirSync(path.join(tree, top, 'src'), { recursive: true });
      fs.writeFileSync(path.join(tree, top, 'src', 'a.ts'), `file ${top}\n`);
    }
    const shards = makeShards(tree, new Map([['0', 9], ['1', 5], ['2', 4]]), 2, path.join(root, 'shards'));
    expect(shards.map((s) => s.tops)).toEqual([['0'], ['1', '2']]);
    expect(fs.readFileSync(path.join(shards[1].dir, '2', 'src', 'a.ts'), 'utf8')).toBe('file 2\n');
    expect(fs.readdirSync(tree)).toEqual([]);
  });
});
