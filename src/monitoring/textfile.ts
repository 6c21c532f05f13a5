import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes the exposition for node_exporter's textfile collector. The collector may read the
 * directory at any moment, so the file is written under a temporary name in the same directory
 * (same filesystem, and not ending in .prom, so it is never collected half-written) and then
 * renamed over the target, which is atomic on POSIX: a scrape sees the old run or the new one.
 */
export async function writeTextfile(path: string, body: string, signal: AbortSignal): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, body, { signal, mode: 0o644 });
    signal.throwIfAborted();
    await rename(temp, path);
  } catch (err) {
    // Leave no temporary file behind (it may not exist: unlink's own error says nothing new).
    await unlink(temp).catch(() => {});
    if (signal.aborted) throw err;
    throw new Error(`cannot write ${path}: ${fileReason(err)}`, { cause: err });
  }
}

const FILE_REASONS: Record<string, string> = {
  ENOENT: 'its directory does not exist',
  ENOTDIR: 'a parent of it is not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only filesystem',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
};

/** The temporary file's name would only confuse: say what went wrong with the target. */
function fileReason(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  const words = typeof code === 'string' ? FILE_REASONS[code] : undefined;
  if (words && typeof code === 'string') return `${words} (${code})`;
  return err instanceof Error ? err.message : String(err);
}
