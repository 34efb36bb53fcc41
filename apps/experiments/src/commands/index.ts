import type { Command } from 'commander';
import { registerSites } from './sites.js';

/** Every sub-command of the CLI; adding one is a new module in this folder plus a line here. */
export const commands: Array<(program: Command) => void> = [registerSites];
