/** Polls `cond` until it holds; resolves with the milliseconds it took, rejects after `ms`. */
export async function until(cond: () => boolean | Promise<boolean>, ms = 3000, everyMs = 10): Promise<number> {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > ms) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return Date.now() - start;
}
