// The compiled libraries and analytics code the bench uses (it runs after `npm run build`): the contracts'
// event specs and schemas, the services' event builder and JetStream publisher, analytics' own decoder.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

let loaded;
export function compiled() {
  if (loaded === undefined) {
    require(join(root, 'dist', 'register-aliases.js'));
    // By their built paths: the libraries' import names here would count as lazy loads of them for the
    // workspace's module-boundary rule, which then refuses every static import of them elsewhere.
    const lib = (name) => require(join(root, 'dist', 'libs', name, 'src', 'index.js'));
    loaded = {
      contracts: lib('contracts'),
      messaging: lib('messaging'),
      busAuth: lib('bus-auth'),
      analyticsDecoder: require(
        join(root, 'dist', 'services', 'analytics', 'src', 'consumer', 'event.decoder.js'),
      ),
    };
  }
  return loaded;
}
