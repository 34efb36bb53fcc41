import type { Command } from 'commander';
import { registerConfig } from './config.js';
import { registerDecompose } from './decompose.js';
import { registerExperiment } from './experiment.js';
import { registerExport } from './export.js';
import { registerPredict } from './predict.js';
import { registerReport } from './report.js';
import { registerResultCommands } from './results.js';
import { registerSites } from './sites.js';
import { registerUnitCommands } from './units.js';

/** Every sub-command of the CLI; adding one is a new module in this folder plus a line here. */
export const commands: Array<(program: Command) => void> = [registerSites, registerDecompose, registerExperiment, registerPredict, registerUnitCommands, registerReport, registerResultCommands, registerConfig, registerExport];
