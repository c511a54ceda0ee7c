// Runs a named benchmark: `npm run bench -- <name>` (builds first) or `node bench/run.mjs <name>`.
// Without a name it lists the benches. Results print to stdout and go to bench/results/<name>-<time>.json.
const BENCHES = {
  ledger: () => import('./ledger.bench.mjs'),
  bot: () => import('./bot.bench.mjs'),
  scale: () => import('./scale.bench.mjs'),
  analytics: () => import('./analytics.bench.mjs'),
  api: () => import('./api.bench.mjs'),
};

const name = process.argv[2];

async function list() {
  const lines = [
    'usage: npm run bench -- <name>   (or: node bench/run.mjs <name> after npm run build)',
    '',
    'benches:',
  ];
  for (const [key, load] of Object.entries(BENCHES)) {
    const mod = await load();
    lines.push(`  ${key.padEnd(10)} ${mod.description ?? ''}`);
  }
  lines.push(
    '',
    'settings (env): BENCH_DURATION_MS (5000), BENCH_WARMUP_MS (1000), BENCH_PHASES (echo,single,batch,fixed),',
    '  BENCH_CONCURRENCY (1,16,64,256), BENCH_BATCH_SIZES (100,1000), BENCH_BATCH_CONCURRENCY (1,4,16),',
    '  BENCH_FIXED_RATE (2000), BENCH_ACCOUNTS (32), BENCH_CONNECTIONS (1), BENCH_CPU_PROF=<dir> (profile the ledger),',
    '  LEDGER_* (passed to the ledger, e.g. LEDGER_SYNCHRONOUS=NORMAL)',
    'bot settings: BENCH_BOT_MESSAGES (1000), BENCH_BOT_GROUPS (10), BENCH_BOT_BASELINE_UPDATES (5000),',
    '  BENCH_BOT_PHASES (baseline,new,known,replies), BENCH_BOT_WEBHOOK=1, BENCH_BOT_PHASE_TIMEOUT_MS (120000),',
    '  BENCH_CPU_PROF=<dir> with BENCH_CPU_PROF_SERVICE (telegram-gateway; or accounts, ledger)',
    'scale settings: BENCH_SCALE_REPLICAS (1,2,3), BENCH_SCALE_PARTITIONS (12), BENCH_SCALE_COMMUNITIES (48),',
    '  BENCH_SCALE_CONCURRENCY (64), BENCH_SCALE_LEASE_TTL_MS (6000), BENCH_DURATION_MS, BENCH_WARMUP_MS',
    'analytics settings: BENCH_ANALYTICS_EVENTS (1000000), BENCH_ANALYTICS_COMMUNITIES, BENCH_ANALYTICS_PHASES,',
    '  BENCH_ANALYTICS_LIVE_RATE (2000), BENCH_ANALYTICS_LIVE_MS (see docs/benchmarks.md)',
    'api settings: BENCH_API_PHASES, BENCH_API_CONCURRENCY (16,64), BENCH_API_FEED_CONNECTIONS (1000),',
    '  BENCH_API_FEED_RATE (2000), BENCH_API_KEYS (see docs/benchmarks.md)',
  );
  return lines.join('\n');
}

if (name === undefined || name === '--help' || name === '-h' || name === 'list') {
  process.stdout.write((await list()) + '\n');
  process.exit(0);
}
if (!Object.hasOwn(BENCHES, name)) {
  process.stderr.write(`unknown bench "${name}"; available: ${Object.keys(BENCHES).join(', ')}\n`);
  process.exit(1);
}
try {
  const bench = await BENCHES[name]();
  const code = await bench.run(process.argv.slice(3));
  process.exit(code ?? 0);
} catch (error) {
  process.stderr.write(`bench ${name} failed: ${error?.stack ?? error}\n`);
  process.exit(1);
}
