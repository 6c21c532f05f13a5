import { distance } from 'fastest-levenshtein';
import type { z } from 'zod';

/**
 * The candidate a misspelt word most likely meant (`expected_stauts` → `expected_status`,
 * `helth_checks` → `health_checks`, `redis-cluster` → `redis`), or undefined when none is close.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: { name: string; d: number } | undefined;
  for (const name of candidates) {
    const c = name.toLowerCase();
    // A known word with something added (`redis-cluster`, `timeout_secs`) or cut short counts as close.
    const d = w.startsWith(c) || c.startsWith(w) ? Math.min(distance(w, c), 2) : distance(w, c);
    if (!best || d < best.d) best = { name, d };
  }
  return best && best.d <= Math.max(2, Math.floor(word.length / 4)) ? best.name : undefined;
}

/** ", did you mean "x"?" or nothing. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const guess = closest(word, candidates);
  return guess ? `, did you mean "${guess}"?` : '';
}

type AnySchema = z.core.$ZodType;

function defOf(schema: AnySchema): Record<string, unknown> & { type: string } {
  return (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
}

/**
 * The keys an object in the config may have, found by walking the schema along `path` (through
 * lists, optionals, defaults and unions; a discriminated union follows the data's `type`).
 */
export function knownKeysAt(schema: AnySchema, path: readonly PropertyKey[], data: unknown): string[] {
  const keys = new Set<string>();
  const walk = (s: AnySchema, rest: readonly PropertyKey[], value: unknown): void => {
    const def = defOf(s);
    switch (def.type) {
      case 'optional': case 'nullable': case 'default': case 'prefault': case 'readonly': case 'catch': case 'nonoptional':
        return walk(def.innerType as AnySchema, rest, value);
      case 'pipe':
        return walk(def.in as AnySchema, rest, value);
      case 'lazy':
        return walk((def.getter as () => AnySchema)(), rest, value);
      case 'union': {
        const options = def.options as AnySchema[];
        const discriminator = def.discriminator as string | undefined;
        const tag = discriminator && value && typeof value === 'object' ? (value as Record<string, unknown>)[discriminator] : undefined;
        const chosen = options.filter((o) => {
          if (tag === undefined) return true;
          const shape = defOf(o).shape as Record<string, AnySchema> | undefined;
          const lit = shape?.[discriminator!] ? defOf(shape[discriminator!]!) : undefined;
          return !lit || (lit.values as unknown[] | undefined)?.includes(tag) !== false;
        });
        for (const o of chosen) walk(o, rest, value);
        return;
      }
      case 'array':
        if (rest.length && typeof rest[0] === 'number') walk(def.element as AnySchema, rest.slice(1), Array.isArray(value) ? value[rest[0]] : undefined);
        return;
      case 'record':
        if (rest.length) walk(def.valueType as AnySchema, rest.slice(1), (value as Record<PropertyKey, unknown> | undefined)?.[rest[0]!]);
        return;
      case 'object': {
        const shape = def.shape as Record<string, AnySchema>;
        if (!rest.length) {
          for (const k of Object.keys(shape)) keys.add(k);
          return;
        }
        const next = shape[String(rest[0])];
        if (next) walk(next, rest.slice(1), (value as Record<PropertyKey, unknown> | undefined)?.[rest[0]!]);
        return;
      }
      default:
    }
  };
  walk(schema, path, data);
  return [...keys];
}
