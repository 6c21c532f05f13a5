import { describe, expect, it } from 'vitest';
import { checkBaseShape } from '../config/check-base.js';
import { CHECK_TYPES } from './registry.js';

/**
 * A type's options are merged with the fields every check has; an option with the same key
 * would silently replace one (a dns `name` would be both the check's name and the name to
 * resolve). Each type must pick its own words.
 */
describe('check type options never shadow the common check fields', () => {
  const common = new Set([...Object.keys(checkBaseShape()), 'type']);
  it.each(CHECK_TYPES.map((t) => ({ type: t.type, options: Object.keys(t.options) })))('$type', ({ options }) => {
    expect(options.filter((key) => common.has(key))).toEqual([]);
  });
});
