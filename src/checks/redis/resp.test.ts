import { describe, expect, it } from 'vitest';
import { encodeCommand, parseReply, ReplyError } from './resp.js';

describe('RESP', () => {
  it('encodes a command as an array of bulk strings (byte lengths, not characters)', () => {
    expect(encodeCommand(['SET', 'k', 'é']).toString()).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n');
  });

  it.each([
    { name: 'simple string', wire: '+PONG\r\n', reply: 'PONG' },
    { name: 'integer', wire: ':42\r\n', reply: 42 },
    { name: 'bulk string', wire: '$5\r\nhello\r\n', reply: 'hello' },
    { name: 'bulk string holding CRLF', wire: '$4\r\na\r\nb\r\n', reply: 'a\r\nb' },
    { name: 'null bulk', wire: '$-1\r\n', reply: null },
    { name: 'array, nested', wire: '*2\r\n:1\r\n*1\r\n+x\r\n', reply: [1, ['x']] },
    { name: 'null array', wire: '*-1\r\n', reply: null },
  ])('parses a $name', ({ wire, reply }) => {
    expect(parseReply(Buffer.from(wire))).toEqual({ reply, next: Buffer.byteLength(wire) });
  });

  it('parses an error reply as a ReplyError with the server words', () => {
    const parsed = parseReply(Buffer.from('-WRONGPASS invalid username-password pair\r\n'));
    expect(parsed?.reply).toBeInstanceOf(ReplyError);
    expect((parsed?.reply as ReplyError).message).toBe('WRONGPASS invalid username-password pair');
  });

  it('waits for the rest of a reply split across packets', () => {
    for (const partial of ['$5\r\nhel', '*2\r\n:1\r\n', '+PON']) expect(parseReply(Buffer.from(partial))).toBeUndefined();
  });

  it('reads consecutive replies from one buffer', () => {
    const buf = Buffer.from('+OK\r\n$4\r\nPONG\r\n');
    const first = parseReply(buf)!;
    expect(first.reply).toBe('OK');
    expect(parseReply(buf, first.next)?.reply).toBe('PONG');
  });

  it('refuses what is not RESP', () => {
    expect(() => parseReply(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))).toThrow(/not a Redis reply/);
  });
});
