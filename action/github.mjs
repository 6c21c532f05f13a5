// @ts-check
/**
 * The few GitHub Actions runner protocols the action speaks, written as @actions/core writes
 * them (so no dependency has to ship with the action): inputs from INPUT_*, workflow commands
 * (::error / ::warning) escaped as the toolkit escapes them, outputs appended to $GITHUB_OUTPUT
 * in the heredoc form with a random delimiter.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

/**
 * An input as the runner passes it: INPUT_<NAME> (spaces to "_", upper-cased; hyphens kept), trimmed.
 * @param {string} name
 * @param {NodeJS.ProcessEnv} env
 */
export function getInput(name, env) {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** @param {unknown} input */
function toCommandValue(input) {
  if (input === null || input === undefined) return '';
  if (typeof input === 'string' || input instanceof String) return String(input);
  return JSON.stringify(input);
}

/** A command's message: %, CR and LF escaped. @param {unknown} s */
export function escapeData(s) {
  return toCommandValue(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command's property value: also ":" and ",", which separate properties. @param {unknown} s */
export function escapeProperty(s) {
  return toCommandValue(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * `::error title=…::message` (or warning).
 * @param {'error' | 'warning'} level
 * @param {string} message
 * @param {Record<string, string | undefined>} [properties]
 */
export function command(level, message, properties = {}) {
  const props = Object.entries(properties).filter(([, v]) => v).map(([k, v]) => `${k}=${escapeProperty(v)}`).join(',');
  return `::${level}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

/**
 * Appends `name<<delimiter … delimiter` to $GITHUB_OUTPUT, as core.setOutput does.
 * @param {string} file
 * @param {string} name
 * @param {string} value
 */
export function setOutput(file, name, value) {
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter)) throw new Error(`unexpected delimiter in output ${name}`);
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
}
