/**
 * Waymark runs on Node.js 24 LTS. An older Node (20 left support on 30 April 2026) is refused
 * with a clear message before anything else loads: import this module first.
 */
export const REQUIRED_NODE_MAJOR = 24;

export function unsupportedNode(version: string): string | null {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1] ?? 0);
  if (major >= REQUIRED_NODE_MAJOR) return null;
  return `Waymark needs Node.js ${REQUIRED_NODE_MAJOR} or newer, and this is Node.js ${version}. Run it through npm (npm start, npm run cli), which uses the Node.js ${REQUIRED_NODE_MAJOR} that npm install brings.`;
}

const refusal = unsupportedNode(process.version);
if (refusal) {
  console.error(refusal);
  process.exit(1);
}
