import { mask, setPlatformMasker } from '../src/mask';
import { clearSecretsForTests, redact } from '../src/redact';

afterEach(() => {
  clearSecretsForTests();
  setPlatformMasker(null);
});

describe('mask', () => {
  it('registers the value with the output filter and with the platform, line by line', () => {
    const seen: string[] = [];
    setPlatformMasker((p) => seen.push(p));
    mask('first-line\nsecond-line');
    expect(seen).toEqual(['first-line\nsecond-line', 'first-line', 'second-line']);
    expect(redact('second-line')).toBe('***');
  });

  it('announces a value to the platform only once however often it is masked', () => {
    const seen: string[] = [];
    setPlatformMasker((p) => seen.push(p));
    mask('same-secret-value');
    mask('same-secret-value');
    expect(seen).toEqual(['same-secret-value']);
  });

  it('returns the value unchanged so it can wrap an assignment', () => {
    expect(mask('tok-123456')).toBe('tok-123456');
    expect(mask(undefined)).toBeUndefined();
  });
});
