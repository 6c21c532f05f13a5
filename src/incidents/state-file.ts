import { readFile, rename, writeFile } from 'node:fs/promises';
import { makeDirectory } from '../util/make-directory.js';
import { dirname } from 'node:path';

/**
 * The local fallback of dedup, for ticket systems that cannot be searched: a JSON map of
 * deployment key → ticket id. Only useful where the file survives between runs (a mounted
 * volume, a CI cache); providers that can be searched do not need it.
 */
export async function readTicketState(file: string): Promise<Record<string, { id: string; url?: string }>> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, { id: string; url?: string }>) : {};
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return {};
    throw new Error(`cannot read the incident state file ${file}: ${(err as Error).message}`);
  }
}

/**
 * Writes atomically (temp file + rename), so a run killed mid-write leaves the old state; owner-only
 * (0600) like the approval files: ticket URLs and ids of a production incident are not for every user.
 */
export async function recordTicket(file: string, key: string, ticket: { id: string; url?: string }): Promise<void> {
  const state = await readTicketState(file);
  state[key] = ticket;
  await makeDirectory(dirname(file));
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(state, null, 2), { mode: 0o600 });
  await rename(tmp, file);
}
