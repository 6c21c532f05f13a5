/**
 * Finds the `{` or `[` still open at `offset` in JSON or YAML flow text: a missing `}` is
 * noticed by a parser only where something else begins (the next item, the end of the file),
 * but the line to fix is the one where the bracket was opened. Strings and comments are skipped.
 */
export function unclosedBracket(text: string, offset: number, yaml: boolean): { char: '{' | '['; offset: number } | undefined {
  const stack: Array<{ char: '{' | '['; offset: number }> = [];
  for (let i = 0; i < Math.min(offset, text.length); i++) {
    const c = text[i];
    if (c === '"' || (yaml && c === "'")) {
      i = endOfString(text, i, c, yaml);
    } else if (yaml && c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '{' || c === '[') {
      stack.push({ char: c, offset: i });
    } else if (c === '}' || c === ']') {
      const want = c === '}' ? '{' : '[';
      // A closer that does not match the innermost opener: the innermost is the one left open.
      if (stack.at(-1)?.char !== want) return stack.at(-1);
      stack.pop();
    }
  }
  return stack.at(-1);
}

function endOfString(text: string, start: number, quote: string, yaml: boolean): number {
  for (let i = start + 1; i < text.length; i++) {
    if (!yaml && text[i] === '\n') return i; // JSON strings never span lines: an unterminated one ends here
    if (text[i] === '\\' && quote === '"') i++;
    else if (text[i] === quote) return i;
  }
  return text.length;
}
