import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Certificates made by the test with /usr/bin/openssl: a private test CA and leaf certificates
 * signed by it. `openssl ca` is used (not `x509 -req`) because only it can set a start and end
 * date in the past, which an expired certificate needs.
 */
export interface TestCert {
  /** PEM files. */
  certFile: string;
  keyFile: string;
  cert: Buffer;
  key: Buffer;
}

export interface TestPki {
  dir: string;
  caFile: string;
  ca: Buffer;
  /** For localhost and 127.0.0.1, valid 365 days. */
  valid: TestCert;
  /** For localhost and 127.0.0.1, expired in 2020. */
  expired: TestCert;
  /** Valid, but only for wrong.example. */
  wrongHost: TestCert;
  /** For localhost and 127.0.0.1, expiring 5 days from now. */
  expiresIn5Days: TestCert;
  /** Valid only from 2030 on. */
  notYetValid: TestCert;
  /** Issued by itself, not by the test CA. */
  selfSigned: TestCert;
}

const OPENSSL = '/usr/bin/openssl';

function openssl(args: string[], cwd: string): void {
  execFileSync(OPENSSL, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

function caConfig(dir: string): string {
  return `[ ca ]
default_ca = test_ca
[ test_ca ]
dir = ${dir}
database = ${dir}/index.txt
new_certs_dir = ${dir}/issued
serial = ${dir}/serial
default_md = sha256
policy = any_name
unique_subject = no
copy_extensions = none
[ any_name ]
commonName = supplied
[ localhost ]
basicConstraints = CA:FALSE
subjectAltName = DNS:localhost,IP:127.0.0.1
[ wrong_host ]
basicConstraints = CA:FALSE
subjectAltName = DNS:wrong.example
`;
}

function leaf(dir: string, name: string, cn: string, extensions: string, dates: string[]): TestCert {
  const keyFile = join(dir, `${name}.key`);
  const certFile = join(dir, `${name}.pem`);
  openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-subj', `/CN=${cn}`, '-out', join(dir, `${name}.csr`)], dir);
  openssl(['ca', '-batch', '-notext', '-config', join(dir, 'ca.cnf'), '-cert', join(dir, 'ca.pem'), '-keyfile', join(dir, 'ca.key'), '-extensions', extensions, '-in', join(dir, `${name}.csr`), '-out', certFile, ...dates], dir);
  return { certFile, keyFile, cert: readFileSync(certFile), key: readFileSync(keyFile) };
}

let cached: TestPki | undefined;

/** Makes the test PKI once per test process (about 100 ms) in a fresh temporary directory. */
export function testPki(): TestPki {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'smokeguard-pki-'));
  mkdirSync(join(dir, 'issued'));
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  writeFileSync(join(dir, 'ca.cnf'), caConfig(dir));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '30', '-subj', '/CN=smokeguard test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  openssl(['req', '-x509', ...ec, '-keyout', 'self.key', '-out', 'self.pem', '-days', '30', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], dir);
  cached = {
    dir,
    caFile: join(dir, 'ca.pem'),
    ca: readFileSync(join(dir, 'ca.pem')),
    valid: leaf(dir, 'valid', 'localhost', 'localhost', ['-days', '365']),
    expired: leaf(dir, 'expired', 'localhost', 'localhost', ['-startdate', '20200101000000Z', '-enddate', '20200201000000Z']),
    wrongHost: leaf(dir, 'wrong-host', 'wrong.example', 'wrong_host', ['-days', '365']),
    expiresIn5Days: leaf(dir, 'five-days', 'localhost', 'localhost', ['-days', '5']),
    notYetValid: leaf(dir, 'not-yet', 'localhost', 'localhost', ['-startdate', '20300101000000Z', '-enddate', '20310101000000Z']),
    selfSigned: { certFile: join(dir, 'self.pem'), keyFile: join(dir, 'self.key'), cert: readFileSync(join(dir, 'self.pem')), key: readFileSync(join(dir, 'self.key')) },
  };
  return cached;
}
