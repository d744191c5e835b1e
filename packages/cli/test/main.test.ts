import * as fs from 'node:fs';
import * as path from 'node:path';

describe('main', () => {
  it('starts with a hashbang, so the bundle runs when npm links it as the `hardline` bin', () => {
    // package.json's bin points at dist/cli/index.js; esbuild carries the entry's hashbang to the bundle's first line.
    const source = fs.readFileSync(path.join(__dirname, '../src/main.ts'), 'utf8');
    expect(source.split('\n')[0]).toBe('#!/usr/bin/env node');
  });
});
