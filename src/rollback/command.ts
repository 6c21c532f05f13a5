import { execFile } from 'node:child_process';
import type { Redactor } from '../util/redact.js';
import { COMMAND_VARIABLES, type CommandVariable } from './validate.js';

/**
 * The `command` strategy: an argv run without a shell (`helm rollback`, a site script, kubectl).
 * `${deployment}` etc. are substituted per argument, so a value can never split into two
 * arguments or reach a shell.
 */

const VARIABLE = /\$\{([a-z_]+)\}/g;

/** The variables an argv uses: `${current_image}`/`${previous_image}` mean the cluster must be read. */
export function usedVariables(argv: string[]): Set<CommandVariable> {
  const used = new Set<CommandVariable>();
  for (const arg of argv) for (const m of arg.matchAll(VARIABLE)) if ((COMMAND_VARIABLES as readonly string[]).includes(m[1])) used.add(m[1] as CommandVariable);
  return used;
}

export function fillCommand(argv: string[], values: Partial<Record<CommandVariable, string>>): string[] {
  return argv.map((arg) => arg.replace(VARIABLE, (whole, name: string) => values[name as CommandVariable] ?? whole));
}

export interface CommandResult {
  exitCode: number | null;
  /** The tail of stdout+stderr, redacted. */
  output: string;
  error?: string;
}

const OUTPUT_TAIL = 2000;

export function runCommand(argv: string[], options: { signal: AbortSignal; env: Readonly<Record<string, string | undefined>>; redactor?: Redactor }): Promise<CommandResult> {
  const [file, ...args] = argv;
  return new Promise((resolve) => {
    execFile(file, args, { signal: options.signal, env: { ...options.env } as NodeJS.ProcessEnv, maxBuffer: 4 * 1024 * 1024, killSignal: 'SIGTERM' }, (err, stdout, stderr) => {
      const raw = `${stdout}${stderr ? (stdout ? '\n' : '') + stderr : ''}`.trim();
      const output = (options.redactor ? options.redactor.text(raw) : raw).slice(-OUTPUT_TAIL);
      if (!err) return resolve({ exitCode: 0, output });
      const e = err as NodeJS.ErrnoException & { code?: string | number };
      if (options.signal.aborted) return resolve({ exitCode: null, output, error: `${file} was killed at the rollback timeout` });
      if (e.code === 'ENOENT') return resolve({ exitCode: null, output, error: `${file}: command not found` });
      const exitCode = typeof e.code === 'number' ? e.code : null;
      resolve({ exitCode, output, error: `${file} exited with ${exitCode ?? 'an error'}${output ? `: ${output.split('\n').slice(-3).join(' | ')}` : ''}` });
    });
  });
}

/** A command that uses neither image variable needs nothing from the cluster. */
export function needsCluster(strategy: { type: string; command?: string[] } | undefined): boolean {
  if (strategy?.type !== 'command') return true;
  const used = usedVariables(strategy.command ?? []);
  return used.has('current_image') || used.has('previous_image');
}
