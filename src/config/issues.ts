import type { z } from 'zod';
import { isSecretKey, type Redactor } from '../util/redact.js';
import { formatPath, type ConfigProblem } from './config-error.js';
import { didYouMean, knownKeysAt } from './suggest.js';

/** What describing an issue needs besides the issue: the data, the schema, and what must not be quoted. */
export interface IssueContext {
  /** The expanded config the schema saw. */
  root: unknown;
  schema: z.core.$ZodType;
  /** The run's secrets so far (environment, config, notification channels). */
  redactor: Redactor;
  /** Field paths whose value came from `${VAR}` expansion, with the names used: never quoted. */
  expanded: ReadonlyMap<string, readonly string[]>;
  /** The supported dependency check types, for "unsupported type". */
  dependencyTypes: readonly string[];
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let node = root;
  for (const part of path) node = (node as Record<PropertyKey, unknown> | undefined)?.[part];
  return node;
}

/**
 * What was found, for "expected X, got Y". A config error may quote a value, but never a
 * secret: not one at a secret-named key, not one the run knows as a secret, and not any value
 * that came from `${VAR}` expansion, whatever its length (`method: ${SERVICE_TOKEN}` would
 * otherwise print the token).
 */
function received(value: unknown, path: ReadonlyArray<PropertyKey>, ctx: IssueContext): string {
  if (value === undefined) return 'nothing';
  const from = ctx.expanded.get(formatPath(path));
  const key = path[path.length - 1];
  if (typeof value === 'string') {
    if (from) return `a string of ${value.length} characters from ${from.map((n) => `\${${n}}`).join(', ')}`;
    if (typeof key === 'string' && isSecretKey(key)) return `a string of ${value.length} characters`;
  }
  // A password written as a number (`password: 12345678`) is a secret all the same.
  if (typeof key === 'string' && isSecretKey(key) && (typeof value === 'number' || typeof value === 'bigint')) return 'a number';
  if (value === null) return 'null';
  // The count is what a size bound judges (`steps: []` → "expected ≥ 1 items, got an empty list").
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${ctx.redactor.text(JSON.stringify(value))}`;
}

/** Turns one zod issue into problems with plain words: what was expected, what was found. */
export function describeIssue(issue: z.core.$ZodIssue, ctx: IssueContext): ConfigProblem[] {
  const path = formatPath(issue.path);
  const actual = valueAt(ctx.root, issue.path);
  const got = () => received(actual, issue.path, ctx);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(ctx.schema, issue.path, ctx.root);
      return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: `unknown field "${key}"${didYouMean(key, known)}` }));
    }
    case 'invalid_union': {
      if ((issue as { note?: string }).note === 'No matching discriminator') {
        const hint = typeof actual === 'string' ? didYouMean(actual, ctx.dependencyTypes) : '';
        const supported = ctx.dependencyTypes.join(', ');
        return [{ path, message: `unsupported type ${JSON.stringify(actual)}${hint ? `${hint} (supported: ${supported})` : `; supported: ${supported}`}` }];
      }
      // Several shapes were possible (`retries: 3` or `retries: {attempts: 3}`): describe the
      // shape the value has, so a typo inside the object is named, not "not a valid value".
      const branches = ((issue.errors ?? []) as z.core.$ZodIssue[][]).filter((b) => b.length);
      const fitting = branches.filter((b) => !b.some((i) => i.path.length === 0 && i.code === 'invalid_type'));
      const best = (fitting.length ? fitting : branches).sort((a, b) => a.length - b.length)[0];
      if (best && (fitting.length || best.some((i) => i.path.length > 0 && i.code !== 'invalid_type'))) {
        return best.flatMap((i) => describeIssue({ ...i, path: [...issue.path, ...i.path] }, ctx));
      }
      return [{ path, message: `${issue.message === 'Invalid input' ? 'not a valid value' : issue.message}, got ${got()}` }];
    }
    case 'invalid_type':
      return [{ path, message: actual === undefined ? `required field missing (expected ${issue.expected})` : `expected ${issue.expected}, got ${got()}` }];
    case 'invalid_value': {
      const hint = typeof actual === 'string' && !ctx.expanded.has(path) ? didYouMean(actual, issue.values.map(String)) : '';
      return [{ path, message: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${got()}${hint}` }];
    }
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? (issue.inclusive === false ? '>' : '≥') : issue.inclusive === false ? '<' : '≤';
      const what = issue.origin === 'array' ? 'items' : issue.origin === 'string' ? 'characters' : '';
      const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      return [{ path, message: `expected ${bound} ${String(limit)}${what ? ` ${what}` : ''}, got ${got()}` }];
    }
    case 'invalid_format':
      return [{ path, message: `expected ${issue.message.replace(/^Invalid string: /, '')}, got ${got()}` }];
    default:
      return [{ path, message: `${issue.message}, got ${got()}` }];
  }
}
