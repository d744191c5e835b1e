import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigurationError } from '@hardline/core';
import { checkToml, findRepoConfig, writeEffectiveConfig } from '../src/config';
import { EXTENSION_TOML } from '../src/rules/extension';
import { tempDir } from './helpers/git-repo';

describe('the effective gitleaks config', () => {
  it('keeps rules/extension.toml and the embedded copy identical', () => {
    expect(fs.readFileSync(path.join(__dirname, '../src/rules/extension.toml'), 'utf8')).toBe(EXTENSION_TOML);
  });

  it('extends the defaults, or the repository config, with the extension rules', () => {
    const dir = tempDir();
    const onDefaults = fs.readFileSync(writeEffectiveConfig(dir, { extensionRules: true }) as string, 'utf8');
    expect(onDefaults).toContain('[extend]\nuseDefault = true');
    expect(onDefaults).toContain('hardline-weak-default-password');
    const onRepo = fs.readFileSync(writeEffectiveConfig(dir, { extensionRules: true, repoConfig: '/r/.gitleaks.toml' }) as string, 'utf8');
    expect(onRepo).toContain('[extend]\npath = "/r/.gitleaks.toml"');
    expect(writeEffectiveConfig(dir, { extensionRules: false, repoConfig: '/r/x.toml' })).toBe('/r/x.toml');
    expect(writeEffectiveConfig(dir, { extensionRules: false })).toBeUndefined();
  });

  it('finds .gitleaks.toml at the root and insists an explicit config exists', () => {
    const dir = tempDir();
    expect(findRepoConfig(dir, undefined, dir)).toBeUndefined();
    fs.writeFileSync(path.join(dir, '.gitleaks.toml'), 'title = "x"\n');
    expect(findRepoConfig(dir, undefined, dir)).toBe(path.join(dir, '.gitleaks.toml'));
    expect(() => findRepoConfig(dir, 'nope.toml', dir)).toThrow(ConfigurationError);
  });

  it('reports a TOML syntax error with file and line', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'c.toml'), 'a = 1\nb = = 2\n');
    try {
      checkToml(path.join(dir, 'c.toml'), 'c.toml');
      throw new Error('expected a ConfigurationError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigurationError);
      expect((err as ConfigurationError).location).toMatchObject({ file: 'c.toml', line: 2 });
    }
  });
});
