import { clearSecretsForTests, redact, registerSecret, REDACTED } from '../src/redact';

afterEach(() => clearSecretsForTests());

describe('redact', () => {
  it('replaces every occurrence of a registered secret', () => {
    registerSecret('s3cr3t-value');
    expect(redact('a s3cr3t-value b s3cr3t-value')).toBe(`a ${REDACTED} b ${REDACTED}`);
  });

  it('masks each line of a multi-line secret on its own', () => {
    registerSecret('-----BEGIN KEY-----\nAAAABBBBCCCC\n-----END KEY-----');
    expect(redact('line: AAAABBBBCCCC')).toBe(`line: ${REDACTED}`);
  });

  it('prefers the longest match when secrets overlap', () => {
    registerSecret('abcd');
    registerSecret('abcdefgh');
    expect(redact('abcdefgh')).toBe(REDACTED);
  });

  it('ignores values too short to mask safely', () => {
    registerSecret('ab');
    expect(redact('abc ab')).toBe('abc ab');
  });

  it('treats regular-expression characters in a secret literally', () => {
    registerSecret('p4$$.w0rd(1)');
    expect(redact('x p4$$.w0rd(1) y p4$$xw0rd(1)')).toBe(`x ${REDACTED} y p4$$xw0rd(1)`);
  });
});
