import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { arrival, type Arrival } from './arrivals.js';

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1: STARTTLS offered with its
 * built-in self-signed certificate, AUTH PLAIN/LOGIN required, every message parsed back with
 * mailparser. Tests also read `authFailures` and the raw DATA to look for leaked secrets.
 */
export async function startSmtpServer(options: { user: string; password: string; requireTls?: boolean }) {
  const messages: Array<{ parsed: ParsedMail; raw: string; envelope: { from: string; to: string[] }; secure: boolean; arrived: Arrival }> = [];
  let authFailures = 0;
  const server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: false,
    allowInsecureAuth: !options.requireTls,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.password) return callback(null, { user: auth.username });
      authFailures++;
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const arrived = arrival();
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then(
          (parsed) => {
            messages.push({
              parsed,
              raw,
              arrived,
              secure: session.secure,
              envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) },
            });
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    messages,
    authFailures: () => authFailures,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
