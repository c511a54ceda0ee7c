import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The supported runtime is named in four places that must agree: what npm enforces (engines), what the
// images run (infra/Dockerfile), what CI installs when the machine's node is older (.ci/run), and the
// types the code is checked against (@types/node).
const root = join(__dirname, '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const packageJson = JSON.parse(read('package.json')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
  dependencies: Record<string, string>;
};

const SUPPORTED_MAJOR = 24;

function version(text: string): [number, number, number] {
  const match = /(\d+)\.(\d+)\.(\d+)/.exec(text);
  if (match === null) throw new Error(`no version in ${text}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function atLeast(actual: [number, number, number], floor: [number, number, number]): boolean {
  for (let i = 0; i < 3; i += 1) {
    if (actual[i] !== floor[i]) return actual[i]! > floor[i]!;
  }
  return true;
}

describe('the supported runtime', () => {
  const floor = version(packageJson.engines.node);

  it('is Node.js 24 LTS in package.json engines', () => {
    expect(packageJson.engines.node).toMatch(/^>=\d+\.\d+\.\d+$/);
    expect(floor[0]).toBe(SUPPORTED_MAJOR);
  });

  it('is what the images run, in every stage', () => {
    const stages = [...read('infra/Dockerfile').matchAll(/^FROM\s+(\S+)/gm)].map((match) => match[1]);
    expect(stages.length).toBeGreaterThan(0);
    for (const image of stages) expect(image).toMatch(new RegExp(`^node:${SUPPORTED_MAJOR}-`));
  });

  it('is what CI installs on a machine with an older node, and satisfies engines', () => {
    const wanted = /^NODE_WANTED=(\S+)$/m.exec(read('.ci/run'))?.[1];
    expect(wanted).toBeDefined();
    const ciVersion = version(wanted!);
    expect(ciVersion[0]).toBe(SUPPORTED_MAJOR);
    expect(atLeast(ciVersion, floor)).toBe(true);
  });

  it('is what the code is type-checked against', () => {
    expect(version(packageJson.devDependencies['@types/node']!)[0]).toBe(SUPPORTED_MAJOR);
  });

  it('runs these tests', () => {
    expect(atLeast(version(process.versions.node), floor)).toBe(true);
  });

  it('has no client of the old nats 2.x line', () => {
    expect(packageJson.dependencies['nats']).toBeUndefined();
    expect(Object.keys(packageJson.dependencies)).toEqual(
      expect.arrayContaining(['@nats-io/transport-node', '@nats-io/jetstream', '@nats-io/kv']),
    );
  });
});
