/** A mistake in how smokeguard was called (exit 2), as opposed to a config problem. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
