import { styleText } from 'node:util';

/** Terminal styling that is a no-op when color is off (no TTY, NO_COLOR, --json). */
export interface Style {
  ok(s: string): string;
  warn(s: string): string;
  bad(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

type Format = Parameters<typeof styleText>[0];

export function createStyle(color: boolean): Style {
  const paint = (format: Format) => (s: string) => (color ? styleText(format, s) : s);
  return { ok: paint('green'), warn: paint('yellow'), bad: paint('red'), dim: paint('dim'), bold: paint('bold') };
}

/** Color when writing to a terminal, unless NO_COLOR is set (https://no-color.org) or FORCE_COLOR says otherwise. */
export function shouldColor(stream: { isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0';
  return Boolean(stream.isTTY);
}
