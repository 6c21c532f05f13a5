/**
 * `${NAME}` / `${NAME:-default}` templates, with `$$` for a literal `$`.
 *
 * Two passes, so secrets can stay out of the file and flows can pass values between steps:
 * - at load time, config strings are expanded from `variables` and the process environment;
 *   references to names a critical path captures at run time are left for later;
 * - at run time, a path's step fields are expanded again from its captures.
 */

const TOKEN = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_.-]*)(?::-([^}]*))?\}/g;

export interface TemplateRef {
  name: string;
  fallback?: string;
}

/** The names a string refers to. */
export function templateRefs(text: string): TemplateRef[] {
  const refs: TemplateRef[] = [];
  for (const m of text.matchAll(TOKEN)) {
    if (m[0] !== '$$') refs.push({ name: m[1]!, fallback: m[2] });
  }
  return refs;
}

export type Resolution =
  | { kind: 'value'; value: string }
  /** Leave the reference as written, for a later pass. */
  | { kind: 'keep' }
  | { kind: 'missing' };

/**
 * Expands one string. `resolve` decides per name; a missing or empty name with a `:-default`
 * takes the default, as `${NAME:-default}` does in the shell (a blank CI input is an empty
 * variable). `keepEscapes` leaves `$$` as written (for strings that get a second pass).
 */
export function expandTemplate(
  text: string,
  resolve: (name: string) => Resolution,
  options: { keepEscapes?: boolean; onMissing?: (name: string) => void } = {},
): string {
  if (!text.includes('$')) return text;
  return text.replace(TOKEN, (whole, name: string | undefined, fallback: string | undefined) => {
    if (whole === '$$') return options.keepEscapes ? '$$' : '$';
    const res = resolve(name!);
    if (res.kind === 'value' && (res.value !== '' || fallback === undefined)) return res.value;
    if (fallback !== undefined) return fallback;
    if (res.kind === 'keep') return whole;
    options.onMissing?.(name!);
    return whole;
  });
}

/** Environment variable names whose values are secrets (registered with the redactor when used). */
export const SECRET_ENV_NAME = /PASS|SECRET|TOKEN|KEY|AUTH|CRED|PRIVATE|COOKIE|SESSION/i;
