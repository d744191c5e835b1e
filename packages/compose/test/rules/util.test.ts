import { isDataImage, isPlaceholder, isSecretName, parseImage, volumeMount, worthMasking } from '../../src/rules/util';

describe('rule helpers', () => {
  it('recognises secret-named variables but not their *_FILE or flag variants', () => {
    expect(['POSTGRES_PASSWORD', 'JWT_SECRET', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'api_key', 'MYSQL_ROOT_PASSWORD', 'DBPASSWORD', 'DB_PASS', 'SECRETKEY'].every(isSecretName)).toBe(true);
    expect(['POSTGRES_PASSWORD_FILE', 'MYSQL_ALLOW_EMPTY_PASSWORD', 'POSTGRES_HOST_AUTH_METHOD', 'PASSWORD_MIN_LENGTH', 'HOSTNAME', 'PASSWORD_RESET', 'COMPASS_URL', 'BYPASS'].some(isSecretName)).toBe(false);
  });
  it('parses image references with registry ports, tags and digests', () => {
    expect(parseImage('registry:5000/team/app:1.2@sha256:ab')).toMatchObject({ repository: 'registry:5000/team/app', name: 'app', tag: '1.2', digest: 'sha256:ab' });
    expect(parseImage('nginx')).toMatchObject({ name: 'nginx', tag: undefined });
  });
  it('tells databases, caches and Vault from other images', () => {
    expect(['postgres:16', 'redis:7', 'hashicorp/vault:1.17', 'mcr.microsoft.com/mssql/server:2022-latest', 'bitnami/mongodb'].map((i) => isDataImage(parseImage(i)))).toEqual([true, true, true, true, true]);
    expect(isDataImage(parseImage('nginx:1.27'))).toBe(false);
  });
  it('recognises placeholders', () => {
    expect(['', '__UNSET__', 'CHANGE_ME', 'CHANGEME_NOW', '<password>', 'your-db-password'].every(isPlaceholder)).toBe(true);
    expect(isPlaceholder('changeme')).toBe(false);
  });
  it('reads short and long volume syntax, keeping Windows drive letters', () => {
    expect(volumeMount('C:\\data:/data')).toEqual({ type: 'bind', source: 'C:\\data', target: '/data' });
    expect(volumeMount('db:/var/lib')).toEqual({ type: 'volume', source: 'db', target: '/var/lib' });
    expect(volumeMount({ type: 'bind', source: '/x', target: '/y' })).toEqual({ type: 'bind', source: '/x', target: '/y' });
  });
});

describe('worthMasking', () => {
  it('masks real-looking secrets but not placeholders, known defaults or short single words', () => {
    expect(worthMasking('kq2Lr9VwT8zP4mXa7Hn3')).toBe(true);
    expect(worthMasking('S3cr3t!')).toBe(true);
    expect(['__UNSET__', 'changeme', 'gitea', 'nextcloud'].some(worthMasking)).toBe(false);
  });
});
