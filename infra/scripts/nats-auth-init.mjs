// docker compose's first-boot step (the nats-auth service, before NATS starts): makes the NATS credentials
// of every service and the operator on the first boot and keeps them after, writes the server's auth.conf,
// and copies each service's credentials into a folder of its own, which only that service's container
// mounts. Run again after `nats-user rotate` to hand the services their new secrets.
//
// Environment: NATS_CREDENTIALS_DIR (all users' credentials and auth.conf), NATS_SERVICE_CREDENTIALS_DIR
// (one folder per service), NATS_SECRETS_UID / NATS_SECRETS_GID (owner of the service folders: the
// containers' user, 1000 for node).
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
require(join(root, 'dist', 'register-aliases.js'));
const busAuth = require('@ticketonomics/bus-auth');

const credentialsDir = process.env.NATS_CREDENTIALS_DIR;
const servicesDir = process.env.NATS_SERVICE_CREDENTIALS_DIR;
if (!credentialsDir || !servicesDir) {
  process.stderr.write('nats-auth-init: set NATS_CREDENTIALS_DIR and NATS_SERVICE_CREDENTIALS_DIR\n');
  process.exit(2);
}
const uid = Number(process.env.NATS_SECRETS_UID ?? 1000);
const gid = Number(process.env.NATS_SECRETS_GID ?? 1000);

const created = busAuth.ensureBusCredentials(credentialsDir);
const exported = busAuth.exportServiceCredentials(credentialsDir, servicesDir, { uid, gid });
process.stdout.write(
  `${created.length > 0 ? `made credentials for ${created.join(', ')}` : 'credentials kept'}; ` +
    `${join(credentialsDir, 'auth.conf')} written; ${exported.length} service folders in ${servicesDir}\n`,
);
