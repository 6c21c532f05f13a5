/**
 * `build`, called on first use and then kept. For zod schemas that not every run needs: a schema
 * costs at construction, so a section or a check type a config does not have is never built.
 */
export function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}
