// The live demo's simulated community: infra/scripts/demo.mjs runs it against the system, as an outside
// client of the bus (contracts and the command client only, never a service's code); the chaos run
// (test/chaos) plays it too, while it kills replicas.
export { CommunitySimulator, type DemoCommands } from './community.simulator';
export { demoOptionsFrom, seededRandom, type DemoOptions, type Random } from './demo.plan';
