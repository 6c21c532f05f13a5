/**
 * A registry entry from a type's options and its loader. Not a spread: `{ ...options }` would read
 * the options' lazy shape (building every type's schema when the registry loads).
 */
export function registryEntry<O extends object, T>(options: O, load: () => Promise<T>): O & { load(): Promise<T> } {
  return Object.defineProperties({ load }, Object.getOwnPropertyDescriptors(options)) as O & { load(): Promise<T> };
}
