/** Reads $GITHUB_OUTPUT as the runner does: `name<<DELIM`, the value lines, `DELIM`. */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^([^\n<]+)<<(ghadelimiter_[0-9a-f-]{36})\n([\s\S]*?)\n?\2$/gm)) out[m[1]] = m[3];
  return out;
}
