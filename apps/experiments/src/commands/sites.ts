import type { Command } from 'commander';

/** Registers `fluxscale sites` (placeholder until @fluxscale/data lands). */
export function registerSites(program: Command): void {
  program.command('sites').description('List the usable sites of a FLUXNET2015 daily data directory');
}
