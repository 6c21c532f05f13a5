import { describe, expect, it } from 'vitest';
import { CookieJar } from './cookie-jar.js';

describe('CookieJar (RFC 6265 rules a path needs)', () => {
  const table: { name: string; set: [string, string][]; url: string; expected: string; now?: number }[] = [
    { name: 'a session cookie goes back to the host that set it', set: [['sid=abc; Path=/; HttpOnly', 'http://svc.local/api/auth/login']], url: 'http://svc.local/api/user/profile', expected: 'sid=abc' },
    { name: 'host-only: not to another host', set: [['sid=abc; Path=/', 'http://svc.local/login']], url: 'http://other.local/', expected: '' },
    { name: 'host-only: not to a subdomain', set: [['sid=abc; Path=/', 'http://svc.local/login']], url: 'http://api.svc.local/', expected: '' },
    { name: 'Domain: to subdomains too', set: [['sid=abc; Domain=.svc.local; Path=/', 'http://www.svc.local/login']], url: 'http://api.svc.local/x', expected: 'sid=abc' },
    { name: 'Domain of another site is rejected', set: [['sid=abc; Domain=evil.test', 'http://svc.local/login']], url: 'http://evil.test/', expected: '' },
    { name: 'default path is the directory of the request', set: [['a=1', 'http://svc.local/api/auth/login']], url: 'http://svc.local/api/user', expected: '' },
    { name: 'default path matches below it', set: [['a=1', 'http://svc.local/api/auth/login']], url: 'http://svc.local/api/auth/logout', expected: 'a=1' },
    { name: 'path matching is by segment', set: [['a=1; Path=/api', 'http://svc.local/']], url: 'http://svc.local/apix', expected: '' },
    { name: 'longest path first', set: [['a=1; Path=/', 'http://svc.local/'], ['b=2; Path=/api', 'http://svc.local/']], url: 'http://svc.local/api/x', expected: 'b=2; a=1' },
    { name: 'Secure cookies only over https', set: [['s=1; Secure; Path=/', 'https://svc.local/']], url: 'http://svc.local/', expected: '' },
    { name: 'Secure cookies over https', set: [['s=1; Secure; Path=/', 'https://svc.local/']], url: 'https://svc.local/', expected: 's=1' },
    { name: 'a later Set-Cookie replaces the value', set: [['a=1; Path=/', 'http://svc.local/'], ['a=2; Path=/', 'http://svc.local/']], url: 'http://svc.local/', expected: 'a=2' },
    { name: 'Max-Age=0 deletes (logout)', set: [['sid=abc; Path=/', 'http://svc.local/'], ['sid=; Path=/; Max-Age=0', 'http://svc.local/logout']], url: 'http://svc.local/', expected: '' },
    { name: 'Expires in the past deletes', set: [['sid=abc; Path=/', 'http://svc.local/'], ['sid=x; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'http://svc.local/']], url: 'http://svc.local/', expected: '' },
    { name: 'Domain of a public suffix is rejected (co.uk)', set: [['sid=abc; Domain=co.uk; Path=/', 'http://www.example.co.uk/']], url: 'http://other.co.uk/', expected: '' },
    { name: 'Domain of a public suffix is rejected, even for the host that set it', set: [['sid=abc; Domain=.com; Path=/', 'http://shop.example.com/']], url: 'http://shop.example.com/', expected: '' },
    { name: 'Domain of a private suffix is rejected (github.io)', set: [['sid=abc; Domain=github.io; Path=/', 'https://me.github.io/']], url: 'https://you.github.io/', expected: '' },
    { name: 'Domain of a registrable parent is kept (example.co.uk)', set: [['sid=abc; Domain=example.co.uk; Path=/', 'http://www.example.co.uk/']], url: 'http://api.example.co.uk/', expected: 'sid=abc' },
    { name: 'values may contain =', set: [['t=a=b==; Path=/', 'http://127.0.0.1:8080/']], url: 'http://127.0.0.1:8080/x', expected: 't=a=b==' },
  ];
  for (const row of table) {
    it(row.name, async () => {
      const jar = new CookieJar();
      for (const [header, url] of row.set) await jar.setCookie(header, url);
      expect(jar.getCookieString(row.url)).toBe(row.expected);
    });
  }

  it('a cookie expires with time', async () => {
    let now = 1_000_000;
    const jar = new CookieJar(() => now);
    await jar.setCookie('a=1; Max-Age=10; Path=/', 'http://svc.local/');
    expect(jar.getCookieString('http://svc.local/')).toBe('a=1');
    now += 11_000;
    expect(jar.getCookieString('http://svc.local/')).toBe('');
  });
});
