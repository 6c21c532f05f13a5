// @ts-check
/**
 * Uploads the report folder as a workflow artifact, speaking the protocol @actions/artifact (v2,
 * artifact version 4) speaks, so no dependency has to ship with the action:
 * 1. the job's ids come from the runtime token's `Actions.Results:<run>:<job>` scope;
 * 2. CreateArtifact (Twirp, JSON with proto field names) on ACTIONS_RESULTS_URL answers a signed
 *    blob URL;
 * 3. the zip is PUT there as one block blob;
 * 4. FinalizeArtifact with its size and sha256 answers the artifact id.
 * Every failure is returned as a reason: the reports stay in report-dir, the step's verdict stands.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

const SERVICE = 'github.actions.results.api.v1.ArtifactService';
/** Each call is cut after this long: an artifact service that hangs never holds the step. */
const CALL_TIMEOUT_MS = 60_000;

/**
 * The workflow run and job ids of the runtime token (a JWT; only its claims are read, it is the
 * service's to verify).
 * @param {string} token
 * @returns {{ run: string; job: string }}
 */
export function backendIds(token) {
  let scp = '';
  try {
    scp = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')).scp ?? '';
  } catch {
    scp = '';
  }
  for (const scope of String(scp).split(' ')) {
    const parts = scope.split(':');
    if (parts.length === 3 && parts[0] === 'Actions.Results') return { run: parts[1] ?? '', job: parts[2] ?? '' };
  }
  throw new Error('the runtime token carries no Actions.Results scope');
}

/**
 * A zip archive (deflated entries, UTF-8 names) of `files`, written by hand: the format is small
 * and Node has deflate and CRC-32.
 * @param {{ name: string; data: Buffer }[]} files
 * @returns {Buffer}
 */
export function zip(files) {
  /** @type {Buffer[]} */
  const chunks = [];
  /** @type {Buffer[]} */
  const central = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const packed = deflateRawSync(file.data);
    const crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0, 10); // time and date: 1980-00-00 (no meaning for a report)
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    chunks.push(local, name, packed);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(0x0314, 4); // made by: Unix, 2.0
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(0, 12);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(file.data.length, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE((0o100644 << 16) >>> 0, 38); // a regular file, rw-r--r--
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, directory, end]);
}

/**
 * Every file under `dir`, named relative to it with "/" separators.
 * @param {string} dir
 * @returns {{ name: string; data: Buffer }[]}
 */
export function filesIn(dir) {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((rel) => join(dir, rel))
    .filter((path) => statSync(path).isFile())
    .sort()
    .map((path) => ({ name: relative(dir, path).split(sep).join('/'), data: readFileSync(path) }));
}

/**
 * @param {string} baseUrl
 * @param {string} token
 * @param {string} method
 * @param {Record<string, unknown>} body
 * @returns {Promise<Record<string, unknown>>}
 */
async function twirp(baseUrl, token, method, body) {
  const res = await fetch(new URL(`/twirp/${SERVICE}/${method}`, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'user-agent': 'smokeguard-action' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
  });
  const text = await res.text();
  /** @type {Record<string, unknown>} */
  let answer = {};
  try {
    answer = JSON.parse(text);
  } catch {
    answer = {};
  }
  if (!res.ok) throw new Error(`${method} answered ${res.status}${typeof answer.msg === 'string' ? `: ${answer.msg}` : ''}`);
  return answer;
}

/**
 * Uploads the files of `dir` as the artifact `name`.
 * @param {{ name: string; dir: string; env: NodeJS.ProcessEnv }} options
 * @returns {Promise<{ id: string; size: number; files: number }>}
 */
export async function uploadArtifact({ name, dir, env }) {
  const token = env.ACTIONS_RUNTIME_TOKEN ?? '';
  const baseUrl = env.ACTIONS_RESULTS_URL ?? '';
  if (!token || !baseUrl) throw new Error('ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are not set (not on a GitHub runner)');
  const files = filesIn(dir);
  if (!files.length) throw new Error(`no files in ${dir}`);
  const ids = backendIds(token);
  const job = { workflow_run_backend_id: ids.run, workflow_job_run_backend_id: ids.job };
  const created = await twirp(baseUrl, token, 'CreateArtifact', { ...job, name, version: 4 });
  if (created.ok !== true || typeof created.signed_upload_url !== 'string') throw new Error('CreateArtifact gave no upload URL');
  const archive = zip(files);
  const put = await fetch(created.signed_upload_url, {
    method: 'PUT',
    headers: { 'x-ms-blob-type': 'BlockBlob', 'x-ms-blob-content-type': 'zip' },
    body: new Uint8Array(archive),
    signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
  });
  if (!put.ok) throw new Error(`the blob upload answered ${put.status}`);
  const hash = createHash('sha256').update(archive).digest('hex');
  const finalized = await twirp(baseUrl, token, 'FinalizeArtifact', { ...job, name, size: String(archive.length), hash: `sha256:${hash}` });
  if (finalized.ok !== true) throw new Error('FinalizeArtifact did not confirm the upload');
  return { id: String(finalized.artifact_id ?? ''), size: archive.length, files: files.length };
}
