// Tests that need a program from Debian: skip loudly where it is missing, fail under CI=true (where
// .ci/run installs it, so missing means broken).
export function requirement(available: boolean, ciError: string, skipped: string): { skip: string | false } {
  if (available) return { skip: false };
  if (process.env['CI'] === 'true') throw new Error(ciError);
  const msg = `!!! SKIPPED: ${skipped} !!!`;
  process.stderr.write(`\n${msg}\n\n`);
  return { skip: msg };
}
