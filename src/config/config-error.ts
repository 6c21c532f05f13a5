/** One problem in a config file: where (file and field path) and what was expected. */
export interface ConfigProblem {
  /** Dotted field path with indexes, e.g. `health_checks[1].expected_status`; empty for the whole file. */
  path: string;
  message: string;
  /** 1-based line and column in the file, when known. */
  line?: number;
  column?: number;
  /** The check the field belongs to, by its `name` (`readiness`), when the path is inside one. */
  check?: string;
  /**
   * Where the value came from when not from the file: a flag (`--base-url`) or an environment
   * variable (`SMOKEGUARD_BASE_URL`). Such a problem is not reported at a line of the file.
   */
  origin?: string;
}

/** Raised when a config cannot be used; carries every problem found, not just the first. */
export class ConfigError extends Error {
  readonly file: string;
  readonly problems: ConfigProblem[];

  constructor(file: string, problems: ConfigProblem[]) {
    super(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the config`);
    this.name = 'ConfigError';
    this.file = file;
    this.problems = problems;
  }

  /** One line per problem: `file:line:col: path: message (check "name")`, or `--flag: message`. */
  format(): string {
    const lines = this.problems.map((p) => {
      if (p.origin) return `  ${p.origin}: ${p.message}`;
      const pos = p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : '';
      const where = p.path ? `${p.path}: ` : '';
      return `  ${this.file}${pos}: ${where}${p.message}${p.check ? ` (check "${p.check}")` : ''}`;
    });
    return `Invalid config (${this.problems.length} problem${this.problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`;
  }
}

/** Formats a path array (zod style) as `a.b[2].c`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const key = String(part);
      out += /^[A-Za-z_][\w-]*$/.test(key) ? (out ? `.${key}` : key) : `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}
