/**
 * The fenced shell blocks of the docs that a test runs. A block is runnable when its info string
 * says so: ```sh runnable``` (scenario "main"), ```sh runnable=seed``` (its own scenario: its own
 * empty directory and demo service), optionally with ` exit=N` when the block is meant to end
 * with exit code N (a critical run exits 1). Blocks of one scenario run in document order.
 */
export interface RunnableBlock {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  scenario: string;
  exit: number;
  script: string;
}

const FENCE = /^```sh runnable(?:=([\w-]+))?(?: exit=(\d+))?[ \t]*\n([\s\S]*?)^```[ \t]*$/gm;

export function runnableBlocks(file: string, markdown: string): RunnableBlock[] {
  return [...markdown.matchAll(FENCE)].map((m) => ({
    file,
    line: markdown.slice(0, m.index).split('\n').length,
    scenario: m[1] ?? 'main',
    exit: Number(m[2] ?? 0),
    script: m[3]!,
  }));
}

/** Every fence whose info string mentions "runnable" but that the pattern above does not take: a typo must not silently skip a block. */
export function malformedRunnableFences(markdown: string): string[] {
  const taken = new Set([...markdown.matchAll(FENCE)].map((m) => m.index));
  return [...markdown.matchAll(/^```[^\n]*runnable[^\n]*$/gm)].filter((m) => !taken.has(m.index)).map((m) => m[0]);
}
