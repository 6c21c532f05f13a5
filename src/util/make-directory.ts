import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * `mkdir -p`, bounded by the path's depth. Why not `mkdir(dir, { recursive: true })`: on Node 20
 * it never returns for a path under /proc or /sys (the kernel answers ENOENT for the child of a
 * directory that exists; Node makes the parent, gets EEXIST, retries the child, forever, at 100%
 * CPU). Here each level is tried at most twice, so such a path is an ENOENT error.
 */
export async function makeDirectory(dir: string, mode?: number): Promise<void> {
  try {
    await mkdir(dir, { mode });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if ((await stat(dir)).isDirectory()) return;
      throw err; // a file stands there: as mkdir -p says
    }
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw err;
    await makeDirectory(parent, mode);
    try {
      await mkdir(dir, { mode }); // once more: an ENOENT now is final
    } catch (again) {
      if ((again as NodeJS.ErrnoException).code !== 'EEXIST') throw again;
    }
  }
}
