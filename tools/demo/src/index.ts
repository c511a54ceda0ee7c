// The live demo's simulated community: infra/scripts/demo.mjs runs it against the system, as an outside
// client of the bus (contracts and the command client only, never a service's code).
export { CommunitySimulator, type DemoCommands } from './community.simulator';
export { demoOptionsFrom, type DemoOptions } from './demo.plan';
