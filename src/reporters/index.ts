import { appendFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { makeDirectory } from '../util/make-directory.js';
import { basename, dirname, join } from 'node:path';
import type { RunResult } from '../core/types.js';
import { render as renderHtml } from './html.js';
import { renderJson } from './json.js';
import { render as renderJunit } from './junit.js';
import { render as renderMarkdown } from './markdown.js';

/**
 * The report formats, one line each: the file it is written to and its pure renderer.
 * `--format` selects among these names; `--report-dir` says where they go.
 */
export const REPORT_FORMATS = {
  json: { file: 'report.json', render: renderJson },
  junit: { file: 'junit.xml', render: renderJunit },
  markdown: { file: 'report.md', render: renderMarkdown },
  html: { file: 'report.html', render: renderHtml },
} as const satisfies Record<string, { file: string; render: (result: RunResult) => string }>;

export type ReportFormat = keyof typeof REPORT_FORMATS;

export const REPORT_FORMAT_NAMES = Object.keys(REPORT_FORMATS) as ReportFormat[];

export function isReportFormat(name: string): name is ReportFormat {
  return Object.hasOwn(REPORT_FORMATS, name);
}

/** GitHub shows no job summary past 1 MiB per step; stay under it with room for others. */
export const STEP_SUMMARY_MAX_BYTES = 1_000_000;

/** Cuts markdown at a line boundary under `maxBytes`, saying where the rest is. */
export function fitStepSummary(markdown: string, maxBytes = STEP_SUMMARY_MAX_BYTES): string {
  if (Buffer.byteLength(markdown, 'utf8') <= maxBytes) return markdown;
  const note = '\n\n> Truncated to fit the job summary: the full report is report.md.\n';
  const closers = '\n```\n\n</details>';
  let cut = Buffer.from(markdown, 'utf8').subarray(0, maxBytes - Buffer.byteLength(note) - closers.length).toString('utf8');
  cut = cut.slice(0, Math.max(0, cut.lastIndexOf('\n')));
  // An unclosed fence or <details> would swallow whatever the next step appends.
  const fences = (cut.match(/^`{3,}/gm) ?? []).length;
  if (fences % 2 === 1) cut += '\n```';
  if ((cut.match(/<details>/g) ?? []).length > (cut.match(/<\/details>/g) ?? []).length) cut += '\n\n</details>';
  return `${cut}${note}`;
}

/**
 * Writes to a temporary name in the same directory, then renames over the target: rename is
 * atomic within a file system, so a reader (or a second run writing the same directory) never
 * sees half of one file and the tail of another.
 */
async function writeAtomically(path: string, text: string, runId: string): Promise<void> {
  const temporary = `${dirname(path)}/.${basename(path)}.${runId}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}

/** Longest a writer waits for another run's writing to end; a lock older than this is stale (a killed run). */
const LOCK_WAIT_MS = 5_000;

async function withDirectoryLock(dir: string, work: () => Promise<void>): Promise<void> {
  const lock = join(dir, '.smokeguard-reports.lock');
  const until = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      await writeFile(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > LOCK_WAIT_MS || Date.now() > until) {
        await rm(lock, { force: true }); // left by a run that was killed while writing
        continue;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  try {
    await work();
  } finally {
    await rm(lock, { force: true });
  }
}

export interface WriteReportsOptions {
  /** Created when missing. */
  dir: string;
  /** Default: every format. */
  formats?: readonly ReportFormat[];
  /** Read for GITHUB_STEP_SUMMARY only; passed in, never read from process.env here. */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Writes the selected reports of one (already redacted, already analysed) run into `dir`, and
 * appends report.md to $GITHUB_STEP_SUMMARY when that is set, whether or not markdown is among
 * the formats: the job summary is where a GitHub user looks. Returns the paths written, the
 * step summary last. Renders everything before writing anything, so a renderer bug never
 * leaves half a report set. Rejects on I/O errors (the caller records them; the verdict stands).
 */
export async function writeReports(result: RunResult, options: WriteReportsOptions): Promise<string[]> {
  const formats = [...new Set(options.formats ?? REPORT_FORMAT_NAMES)];
  const rendered = formats.map((f) => ({ path: join(options.dir, REPORT_FORMATS[f].file), text: REPORT_FORMATS[f].render(result) }));
  const summary = options.env?.GITHUB_STEP_SUMMARY;
  const markdown = summary ? rendered.find((r) => r.path.endsWith(REPORT_FORMATS.markdown.file))?.text ?? renderMarkdown(result) : undefined;
  await makeDirectory(options.dir);
  // One run's set at a time (two runs into one directory take turns), report.json last: a reader
  // that finds it finds the whole set of its run, each file carrying the same run id.
  const json = rendered.filter((r) => r.path.endsWith(REPORT_FORMATS.json.file));
  await withDirectoryLock(options.dir, async () => {
    await Promise.all(rendered.filter((r) => !json.includes(r)).map((r) => writeAtomically(r.path, r.text, result.runId)));
    for (const r of json) await writeAtomically(r.path, r.text, result.runId);
  });
  const written = rendered.map((r) => r.path);
  if (summary && markdown !== undefined) {
    // Several steps may append to the same summary file: separate ours from theirs.
    await appendFile(summary, `${fitStepSummary(markdown)}\n`, 'utf8');
    written.push(summary);
  }
  return written;
}
