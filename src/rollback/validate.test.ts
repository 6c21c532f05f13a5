import { describe, expect, it } from 'vitest';
import { DNS1123_LABEL, DNS1123_SUBDOMAIN, isImageReference } from './validate.js';

describe('isImageReference', () => {
  it.each([
    ['the seed image', 'django:v1.21.8-stable', true],
    ['registry with port and path', 'registry.example.com:5000/team/django:v1.2', true],
    ['digest', 'ghcr.io/acme/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', true],
    ['tag and digest', 'acme/api:v1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', true],
    ['bare name', 'nginx', true],
    ['uppercase repository', 'Django:v1', false],
    ['an option smuggled in', '--kubeconfig=/etc/x', false],
    ['a space', 'django:v1 rm', false],
    ['a shell metacharacter', 'django:v1;reboot', false],
    ['empty', '', false],
    ['tag too long', `django:${'a'.repeat(129)}`, false],
  ])('%s', (_name, image, valid) => {
    expect(isImageReference(image)).toBe(valid);
  });
});

describe('DNS-1123 names', () => {
  it.each([
    ['django', true, true],
    ['api.v2', false, true],
    ['-leading', false, false],
    ['Upper', false, false],
    ['a'.repeat(63), true, true],
    ['a'.repeat(64), false, true],
  ])('%s', (name, label, subdomain) => {
    expect(DNS1123_LABEL.test(name)).toBe(label);
    expect(DNS1123_SUBDOMAIN.test(name)).toBe(subdomain);
  });
});
