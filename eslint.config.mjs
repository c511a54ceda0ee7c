// ESLint flat config for the whole workspace.
// - typescript-eslint "recommended" (syntactic only, no type information: keeps `eslint .` fast).
// - @nx/enforce-module-boundaries: the dependency rules between projects, driven by the tags in each
//   project.json (services, libs and tools -> libs/contracts; the root project -> also testing and tools;
//   contracts -> nothing; specs and tests may also use the testing projects).
// - libs/contracts stays framework-free: no NestJS, TypeORM, Telegraf or SQLite imports.
// - eslint-config-prettier last, so formatting is prettier's job only.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import nx from '@nx/eslint-plugin';
import { createProjectGraphAsync } from 'nx/src/devkit-exports';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

// @nx/enforce-module-boundaries only reads Nx's *cached* project graph: under a plain `eslint .` on a clean
// checkout (CI) there is none, and the rule silently skips itself. Computing the graph here (in-process, the
// daemon is off in nx.json) writes that cache and keeps it fresh when projects or tags change (1-2 s).
// A broken project.json fails the lint run instead of disabling the rule.
await createProjectGraphAsync({ exitOnError: false });

/** Node's globals for the plain .js/.mjs/.cjs files (scripts, configs); TS files get them from @types/node. */
const nodeGlobals = Object.fromEntries(
  [
    'AbortController',
    'AbortSignal',
    'Buffer',
    'URL',
    'URLSearchParams',
    'TextDecoder',
    'TextEncoder',
    'clearImmediate',
    'clearInterval',
    'clearTimeout',
    'console',
    'fetch',
    'global',
    'globalThis',
    'performance',
    'process',
    'queueMicrotask',
    'setImmediate',
    'setInterval',
    'setTimeout',
    'structuredClone',
  ].map((name) => [name, 'readonly']),
);
const commonJsGlobals = Object.fromEntries(
  ['require', 'module', 'exports', '__dirname', '__filename'].map((name) => [name, 'readonly']),
);

/**
 * Which projects may import which, by the tags in each project.json:
 * - type:testing (libs/testing, the harnesses; libs/telegram-emulator, the Telegram Bot API emulator) is for
 *   specs and tests only: a project's own code may not import it.
 * - type:tool (tools/demo, the simulated community) talks to the system as an outside client does, through
 *   the contracts and the libraries; nothing but the workspace's own project (its scripts) imports a tool.
 */
function boundaries(forSpecs) {
  const testing = forSpecs ? ['type:testing'] : [];
  return {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: [
      { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', ...testing] },
      { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', ...testing] },
      { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [...testing] },
      // The SDK is published for outside game servers and web apps: it imports no workspace library.
      { sourceTag: 'type:sdk', onlyDependOnLibsWithTags: ['type:sdk', ...testing] },
      { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', ...testing] },
      { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', ...testing] },
      // The workspace's own project (the root: system tests in test/, scripts) uses the libraries as services do.
      {
        sourceTag: 'type:workspace',
        onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing', 'type:tool'],
      },
    ],
  };
}

/** Packages that would tie the shared contracts to one framework or one storage engine. */
const frameworkPackages = ['@nestjs/*', 'typeorm', 'telegraf', 'nestjs-telegraf', 'better-sqlite3'];

export default defineConfig(
  globalIgnores([
    '**/dist/**',
    '**/node_modules/**',
    '**/.nx/**',
    '**/coverage/**',
    '**/data/**',
    '**/tmp/**',
    'bench/results/**',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['**/*.{js,cjs}'],
    languageOptions: { sourceType: 'commonjs', globals: { ...nodeGlobals, ...commonJsGlobals } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      // Unused arguments are normal in NestJS handlers and interface implementations; prefix with _ to mark them.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@nx/enforce-module-boundaries': ['error', boundaries(false)],
    },
  },
  {
    files: ['libs/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: frameworkPackages,
              message:
                'libs/contracts is the framework-free shared language: no NestJS, TypeORM, Telegraf or SQLite here.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests poke at raw replies and events; typing every JSON shape there buys nothing.
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@nx/enforce-module-boundaries': ['error', boundaries(true)],
    },
  },
  prettier,
);
