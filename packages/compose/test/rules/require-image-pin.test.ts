import { check } from './helpers';

describe('require-image-pin', () => {
  it('reports an image without a tag and one tagged latest', () => {
    const f = check('require-image-pin', 'services:\n  a:\n    image: nginx\n  b:\n    image: registry.example.com:5000/team/app:latest\n');
    expect(f.map((x) => [x.line, x.severity])).toEqual([
      [3, 'warning'],
      [5, 'warning'],
    ]);
  });
  it('accepts version tags, digests and images built here', () => {
    expect(check('require-image-pin', 'services:\n  a:\n    image: postgres:16.4\n  b:\n    image: redis@sha256:0123abcd\n  c:\n    build: .\n    image: myapp\n')).toEqual([]);
  });
  it('makes every image without a digest an error with digest: required', () => {
    const f = check('require-image-pin', 'services:\n  a:\n    image: postgres:16.4\n  b:\n    image: postgres:16.4@sha256:0123abcd\n', { config: { digest: 'required' } });
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ line: 3, severity: 'error' });
  });
});
