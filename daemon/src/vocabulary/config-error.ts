/** A configuration the daemon or the hub refuses to start with; the message names every problem. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
