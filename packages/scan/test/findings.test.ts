import * as fs from 'node:fs';
import * as path from 'node:path';
import { clearSecretsForTests, isRegisteredSecret, redact } from '@hardline/core';
import { EXTENSION_RULES } from '../src/rules/extension';
import { findingsFromDir, findingsFromTree, gitleaksFingerprint, locate, parseGitleaksReport, rulesFor } from '../src/findings';
import type { PatchTree } from '../src/patches';
import { tempDir } from './helpers/git-repo';

const leak = (o: Record<string, unknown>) => ({ RuleID: 'aws-access-token', Description: 'AWS key', StartLine: 1, EndLine: 1, StartColumn: 1, EndColumn: 20, Match: 'k = AKIAQ3ZK7XPLM2VN4RTY', Secret: 'AKIAQ3ZK7XPLM2VN4RTY', File: 'a.txt', ...o });

beforeEach(() => clearSecretsForTests());

describe('parsing the gitleaks report', () => {
  it('masks every secret and match the moment it is parsed', () => {
    const leaks = parseGitleaksReport(JSON.stringify([leak({ Match: 'line one\nsecond-line-of-match' })]), 'r');
    expect(leaks[0].RuleID).toBe('aws-access-token');
    expect(isRegisteredSecret('AKIAQ3ZK7XPLM2VN4RTY')).toBe(true);
    expect(isRegisteredSecret('second-line-of-match')).toBe(true);
    expect(redact('x AKIAQ3ZK7XPLM2VN4RTY y')).toBe('x *** y');
  });

  it('fails operationally on a report that is not a JSON array', () => {
    expect(() => parseGitleaksReport('{', 'r')).toThrow('not JSON');
    expect(() => parseGitleaksReport('{}', 'r')).toThrow('not a JSON array');
  });
});

describe('turning leaks into findings', () => {
  it('maps a leak of the patch tree to its commit, file and line, with the gitleaks fingerprint', () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, '0', 'src'), { recursive: true });
    fs.writeFileSync(path.join(root, '0', 'src', 'a.ts'), 'one\n\nconst k = "AKIAQ3ZK7XPLM2VN4RTY";\n');
    const tree: PatchTree = {
      root,
      commits: [{ sha: 'c'.repeat(40), parents: [], author: 'Ann', email: 'ann@example.com', date: '2024-01-01T00:00:00Z' }],
      files: new Map([['0/src/a.ts', { commit: 0, path: 'src/a.ts', lines: [3, 0, 17] }]]),
      bytes: 0,
      dirBytes: new Map(),
      skippedBinary: 0,
    };
    const [f] = findingsFromTree([leak({ File: '0/src/a.ts', StartLine: 3, EndLine: 3, StartColumn: 12, Match: 'AKIAQ3ZK7XPLM2VN4RTY' })], tree);
    expect(f).toMatchObject({ ruleId: 'aws-access-token', file: 'src/a.ts', line: 17, column: 12, endColumn: 32, message: 'AWS key', severity: 'error' });
    expect(f.fingerprint).toBe(`${'c'.repeat(40)}:src/a.ts:aws-access-token:17`);
    expect(f.properties).toMatchObject({ commit: 'c'.repeat(40), author: 'Ann', email: 'ann@example.com', gitleaksFingerprint: f.fingerprint });
  });

  it('uses file:rule:line fingerprints for a directory scan', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.txt'), 'AKIAQ3ZK7XPLM2VN4RTY\n');
    const [f] = findingsFromDir([leak({})], dir);
    expect(f.fingerprint).toBe('a.txt:aws-access-token:1');
    expect(f.properties?.commit).toBeUndefined();
    expect(gitleaksFingerprint('f', 'r', 2, 'abc')).toBe('abc:f:r:2');
  });

  it('counts columns in UTF-16 code units, not bytes', () => {
    const line = Buffer.from('日本 "AKIAQ3ZK7XPLM2VN4RTY"', 'utf8');
    expect(locate({ Match: 'AKIAQ3ZK7XPLM2VN4RTY', Secret: 'AKIAQ3ZK7XPLM2VN4RTY', StartColumn: 10, StartLine: 1 }, line)).toEqual({ column: 5, endColumn: 25 });
  });

  it('lists metadata for the rules that fired and for the extension rules', () => {
    const rules = rulesFor([{ ruleId: 'x-rule', severity: 'error', message: 'X', fingerprint: 'f' }], EXTENSION_RULES);
    expect(rules.map((r) => r.id)).toEqual(['hardline-ssh-plaintext-password', 'hardline-weak-default-password', 'x-rule']);
  });
});
