import { describe, expect, it } from 'vitest';
import { describeHandshakeError, describeVerifyCode } from './handshake-error.js';

describe('describeVerifyCode', () => {
  it.each([
    ['CERT_NOT_YET_VALID', 'TLS certificate is not valid yet'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'TLS certificate issuer is unknown (a missing intermediate certificate, or an untrusted CA)'],
    ['CERT_HAS_EXPIRED', 'TLS certificate has expired'],
    ['SOMETHING_NEW', 'TLS certificate rejected'],
  ])('%s', (code, words) => {
    expect(describeVerifyCode(code)).toBe(words);
  });
});

describe('describeHandshakeError', () => {
  it('words OpenSSL errors by their reason', () => {
    const err = Object.assign(new Error('80CC:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps'), { code: 'ERR_SSL_WRONG_VERSION_NUMBER', reason: 'wrong version number' });
    expect(describeHandshakeError(err, 'h:1')).toEqual({ code: 'ERR_SSL_WRONG_VERSION_NUMBER', reason: 'TLS handshake failed at h:1: wrong version number (the server does not speak TLS on this port?)' });
  });
  it('other errors go to the shared table', () => {
    expect(describeHandshakeError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'h:1')).toEqual({ code: 'ECONNREFUSED', reason: 'connection refused at h:1' });
  });
});
