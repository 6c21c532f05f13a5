import { InvalidArgumentError } from 'commander';

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

/** `30s`, `15m`, `1h30m`, `500ms` or plain seconds (`90`) → seconds. For --interval, --duration and --watch. */
export function durationSeconds(value: string): number {
  const text = value.trim();
  let seconds: number;
  if (/^\d+(\.\d+)?$/.test(text)) seconds = Number(text);
  else if (/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(text)) seconds = [...text.matchAll(PART)].reduce((sum, m) => sum + Number(m[1]) * UNIT_SECONDS[m[2]!]!, 0);
  else throw new InvalidArgumentError('expected a duration like 30s, 15m, 1h30m or a number of seconds');
  if (!(seconds > 0)) throw new InvalidArgumentError('expected a duration above zero');
  return seconds;
}
