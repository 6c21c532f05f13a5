import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/main.js';

/**
 * The docs name only commands and flags the CLI has. The `sh runnable` blocks are run by
 * test/docs-runnable.test.ts; the others (a cluster, a 15-minute watch, a server that stays up)
 * cannot be, so every `smokeguard <command> --flag` written in a code block or an inline code span
 * of README.md and docs/ is checked against the CLI's own definition instead: a renamed or removed
 * flag fails here.
 */
const ROOT = resolve(import.meta.dirname, '..');

/** Code the reader would type: fenced blocks and inline code spans that are commands, not prose. */
function codeOf(markdown: string): string[] {
  const fenced = [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
  const prose = markdown.replace(/^```[^\n]*\n[\s\S]*?^```/gm, '');
  // An inline span is a command when it starts as one (not a quoted message that mentions smokeguard).
  const inline = [...prose.matchAll(/`((?:npx )?smokeguard [^`\n]+)`/g)].map((m) => m[1]!);
  return [...fenced, ...inline];
}

/** Each `smokeguard <command> …` invocation, up to where the shell would end it (comment, pipe, redirect, `&&`, `;`). */
function invocations(code: string): { command: string; flags: string[]; text: string }[] {
  return [...code.matchAll(/(?:^|[\s(])(?:npx )?smokeguard ([a-z][a-z-]*)([^\n#|>;&]*)/g)].map((m) => ({
    command: m[1]!,
    flags: [...m[2]!.matchAll(/(?:^|\s)(--[a-z][a-z0-9-]*)/g)].map((f) => f[1]!),
    text: `smokeguard ${m[1]}${m[2]}`.trim(),
  }));
}

function cliDefinition(): Map<string, Set<string>> {
  const sink = { write: () => true } as unknown as NodeJS.WriteStream;
  const program: Command = buildProgram({ stdout: sink, stderr: sink, env: {} }, () => {});
  const global = ['--help', '--version'];
  return new Map(program.commands.map((c) => [c.name(), new Set([...global, ...c.options.map((o) => o.long!).filter(Boolean)])]));
}

describe('commands in README and docs', () => {
  it('finds the invocations a reader would type', () => {
    expect(invocations('npx smokeguard run --report-dir r --only a b   # the run\nsmokeguard approve ID --by dave | tee x')).toEqual([
      { command: 'run', flags: ['--report-dir', '--only'], text: 'smokeguard run --report-dir r --only a b' },
      { command: 'approve', flags: ['--by'], text: 'smokeguard approve ID --by dave' },
    ]);
  });

  it('every smokeguard command and flag the docs write exists in the CLI', async () => {
    const cli = cliDefinition();
    const files = ['README.md', ...(await readdir(join(ROOT, 'docs'))).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    const wrong: string[] = [];
    let checked = 0;
    for (const file of files) {
      for (const code of codeOf(await readFile(join(ROOT, file), 'utf8'))) {
        for (const call of invocations(code)) {
          checked++;
          const flags = cli.get(call.command);
          if (!flags) wrong.push(`${file}: \`${call.text}\`: no command "${call.command}"`);
          else for (const flag of call.flags.filter((f) => !flags.has(f))) wrong.push(`${file}: \`${call.text}\`: ${call.command} has no ${flag}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
    expect(wrong).toEqual([]);
  });
});
