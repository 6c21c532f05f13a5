// node:fs's callback API rather than node:fs/promises: a run started from the CommonJS bin has not
// loaded fs/promises (and the FileHandle machinery under it), ~1 ms on Node 20.
import { readFile } from 'node:fs';
import { promisify } from 'node:util';
import { describeError } from '../util/net-errors.js';

/**
 * A check's `ca_file`, read: the PEM, or why it cannot be read. An unreadable ca_file is
 * smokeguard's own setting, not the target failing: every check and path step makes it a test
 * execution error (status `error`: a warning, never a rollback), with this one reason.
 */
export async function readCaFile(file: string): Promise<{ pem: Buffer } | { reason: string; code?: string }> {
  try {
    return { pem: await promisify(readFile)(file) };
  } catch (err) {
    return { reason: `cannot read ca_file ${file}: ${describeError(err).reason}`, code: (err as NodeJS.ErrnoException).code };
  }
}
