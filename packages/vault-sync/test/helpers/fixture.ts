import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const FIXTURES = path.join(__dirname, '..', 'fixtures');

/** Environment with every variable the seed fixture references. */
export function fixtureEnv(values: Partial<Record<'TAMSHAI_DB_PASSWORD' | 'MCP_HR_API_KEY' | 'MCP_GATEWAY_SIGNING_KEY', string>> = {}): NodeJS.ProcessEnv {
  return {
    TAMSHAI_DB_PASSWORD: 'db-password-value-1',
    MCP_HR_API_KEY: 'hr-api-key-value-1',
    MCP_GATEWAY_SIGNING_KEY: 'gateway-signing-key-1',
    ...values,
  };
}

/** A temp directory holding `vault.yml` with the given text (and the fixture's policies/ beside it). */
export function writeVaultFile(text: string): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-sync-'));
  fs.cpSync(path.join(FIXTURES, 'policies'), path.join(dir, 'policies'), { recursive: true });
  const file = path.join(dir, 'vault.yml');
  fs.writeFileSync(file, text);
  return { dir, file };
}

export function fixtureText(): string {
  return fs.readFileSync(path.join(FIXTURES, 'vault.yml'), 'utf8');
}
