// Summarizes a V8 .cpuprofile (from node --cpu-prof): the top functions by self time, grouped by function
// name + script url, and the same time grouped by module (npm package, node internals, our libs/services).
// Usage: node bench/profile-summary.mjs <file.cpuprofile | dir> [top=25]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { table, fmt } from './lib/report.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

function shortUrl(url) {
  if (!url) return '';
  let path = url.startsWith('file://') ? fileURLToPath(url) : url;
  if (path.startsWith(root + '/')) path = path.slice(root.length + 1);
  return path;
}

/** Where a script belongs: an npm package, node's own code, our compiled libs/services, or V8 itself. */
export function moduleOf(url, functionName) {
  if (!url) {
    if (functionName.startsWith('(')) return functionName; // (garbage collector), (program), (idle)
    return '(native / V8 builtins)';
  }
  const path = shortUrl(url);
  if (path.startsWith('node:')) return `node:${path.slice(5).split('/')[0]}`;
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = path.slice(nm + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const ours = /^dist\/(libs|services)\/([^/]+)\//.exec(path);
  if (ours) return `${ours[1]}/${ours[2]}`;
  return path;
}

/** Self time per node: each sample is charged the time until the next sample. */
export function summarizeProfile(file, top = 25) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i += 1) {
    const dt = i + 1 < timeDeltas.length ? timeDeltas[i + 1] : 0;
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + Math.max(0, dt));
  }
  const byFunction = new Map();
  const byModule = new Map();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const node = nodes.get(id);
    const frame = node.callFrame;
    const name = frame.functionName || '(anonymous)';
    totalUs += us;
    if (name === '(idle)') idleUs += us;
    const url = shortUrl(frame.url);
    const key = `${name}\u0000${url}`;
    const entry = byFunction.get(key) ?? { function: name, url, lines: new Set(), selfUs: 0 };
    entry.selfUs += us;
    if (frame.url) entry.lines.add(frame.lineNumber + 1);
    byFunction.set(key, entry);
    const module = moduleOf(frame.url, name);
    byModule.set(module, (byModule.get(module) ?? 0) + us);
  }
  const busyUs = totalUs - idleUs;
  const pct = (us, of) => (of > 0 ? (100 * us) / of : 0);
  const functions = [...byFunction.values()]
    .sort((a, b) => b.selfUs - a.selfUs)
    .slice(0, top)
    .map((entry) => ({
      function: entry.function,
      url: entry.url,
      line: entry.lines.size === 1 ? [...entry.lines][0] : null,
      selfMs: entry.selfUs / 1000,
      pctTotal: pct(entry.selfUs, totalUs),
      pctBusy: entry.function === '(idle)' ? null : pct(entry.selfUs, busyUs),
    }));
  const modules = [...byModule.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([module, us]) => ({
      module,
      selfMs: us / 1000,
      pctTotal: pct(us, totalUs),
      pctBusy: module === '(idle)' ? null : pct(us, busyUs),
    }));
  return {
    file,
    durationMs: (profile.endTime - profile.startTime) / 1000,
    sampledMs: totalUs / 1000,
    idleMs: idleUs / 1000,
    busyMs: busyUs / 1000,
    samples: samples.length,
    functions,
    modules,
  };
}

export function formatSummary(summary) {
  const out = [];
  out.push(
    `  profile ${fmt(summary.durationMs)} ms, ${fmt(summary.samples)} samples; busy ${fmt(summary.busyMs)} ms, idle ${fmt(summary.idleMs)} ms ` +
      `(${fmt((100 * summary.busyMs) / Math.max(1, summary.sampledMs), 1)}% busy)`,
  );
  out.push('', `  Top ${summary.functions.length} by self time (function + url; % of busy = excluding idle)`);
  out.push(
    table([
      ['self ms', '% busy', 'function', 'where'],
      ...summary.functions.map((f) => [
        fmt(f.selfMs, 0),
        f.pctBusy === null ? '-' : fmt(f.pctBusy, 1),
        f.function,
        f.url ? `${f.url}${f.line ? `:${f.line}` : ''}` : '',
      ]),
    ]),
  );
  out.push('', '  Self time by module');
  out.push(
    table([
      ['self ms', '% busy', 'module'],
      ...summary.modules.map((m) => [
        fmt(m.selfMs, 0),
        m.pctBusy === null ? '-' : fmt(m.pctBusy, 1),
        m.module,
      ]),
    ]),
  );
  return out.join('\n');
}

/**
 * Who calls a function: its self time split by the chain of callers above it (depth frames), to see
 * which code path a hot leaf (say randomFillSync or a SQLite statement) is reached from.
 */
export function callersOf(file, functionName, depth = 4, top = 10) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfUs = new Map();
  for (let i = 0; i < profile.samples.length; i += 1) {
    const dt = i + 1 < profile.timeDeltas.length ? profile.timeDeltas[i + 1] : 0;
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + Math.max(0, dt));
  }
  const chains = new Map();
  let total = 0;
  for (const [id, us] of selfUs) {
    const node = nodes.get(id);
    if ((node.callFrame.functionName || '(anonymous)') !== functionName) continue;
    total += us;
    const chain = [];
    let at = parent.get(id);
    while (at !== undefined && chain.length < depth) {
      const frame = nodes.get(at).callFrame;
      if (frame.functionName !== '(root)') {
        const where = shortUrl(frame.url).split('/').slice(-2).join('/');
        chain.push(
          `${frame.functionName || '(anonymous)'}${where ? ` (${where}:${frame.lineNumber + 1})` : ''}`,
        );
      }
      at = parent.get(at);
    }
    const key = chain.join(' <- ');
    chains.set(key, (chains.get(key) ?? 0) + us);
  }
  return {
    functionName,
    totalMs: total / 1000,
    chains: [...chains.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([chain, us]) => ({ chain, selfMs: us / 1000 })),
  };
}

/** Total (inclusive) time per function + url: a sample counts once for every distinct function on its stack. */
export function inclusiveTop(file, top = 25) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const totals = new Map();
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i += 1) {
    const dt = Math.max(0, i + 1 < profile.timeDeltas.length ? profile.timeDeltas[i + 1] : 0);
    const leaf = nodes.get(profile.samples[i]);
    if (leaf.callFrame.functionName === '(idle)') continue;
    busy += dt;
    const seen = new Set();
    for (let at = profile.samples[i]; at !== undefined; at = parent.get(at)) {
      const frame = nodes.get(at).callFrame;
      const name = frame.functionName || '(anonymous)';
      if (name === '(root)') continue;
      const key = `${name} ${shortUrl(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      totals.set(key, (totals.get(key) ?? 0) + dt);
    }
  }
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, us]) => ({ key, totalMs: us / 1000, pctBusy: busy > 0 ? (100 * us) / busy : 0 }));
}

function resolveProfile(target) {
  if (statSync(target).isDirectory()) {
    const files = readdirSync(target)
      .filter((name) => name.endsWith('.cpuprofile'))
      .map((name) => join(target, name))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    if (files.length === 0) throw new Error(`no .cpuprofile in ${target}`);
    return files[0];
  }
  return target;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const callers = args
    .filter((arg) => arg.startsWith('--callers='))
    .map((arg) => arg.slice('--callers='.length));
  const [target, topArg] = args.filter((arg) => !arg.startsWith('--'));
  if (!target) {
    process.stderr.write(
      'usage: node bench/profile-summary.mjs <file.cpuprofile | dir> [top=25] [--inclusive] [--callers=<function>]...\n',
    );
    process.exit(1);
  }
  const file = resolveProfile(target);
  const summary = summarizeProfile(file, Number(topArg ?? 25));
  process.stdout.write(`${file}\n${formatSummary(summary)}\n`);
  if (args.includes('--inclusive')) {
    process.stdout.write('\n  Top by total (inclusive) time, % of busy\n');
    process.stdout.write(
      table([
        ['total ms', '% busy', 'function  where'],
        ...inclusiveTop(file, Number(topArg ?? 25)).map((r) => [fmt(r.totalMs), fmt(r.pctBusy, 1), r.key]),
      ]) + '\n',
    );
  }
  for (const name of callers) {
    const result = callersOf(file, name, 5, 8);
    process.stdout.write(`\n  Callers of ${name} (${fmt(result.totalMs)} ms self)\n`);
    for (const { chain, selfMs } of result.chains)
      process.stdout.write(`  ${fmt(selfMs).padStart(7)} ms  ${chain}\n`);
  }
}
