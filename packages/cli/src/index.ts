export { cli } from './cli';
export { COMMANDS } from './commands';
