/**
 * Who works on a run directory. The local executor claims each unit before running it: a claim is
 * the file `<unit folder>.claim` holding the owner (host, pid, since), created atomically — written
 * under a temporary name and hard-linked into place, which fails when a claim exists — so that two
 * processes resuming the same run never compute the same unit. A claim whose process is gone is
 * stale and taken over: on this host when its pid no longer runs, from another host when it has
 * not been touched for {@link CLAIM_STALE_MS} (owners touch theirs every minute). A resume also
 * sweeps what killed processes of this host left: temporary files and folders
 * (`*.tmp-<pid>-*`) and claims whose pid no longer runs.
 */
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { tempName, tempOwner } from '@fluxscale/util';
import type { Unit } from '../pipeline/plan.js';

/** A process working on a run directory. */
export interface Owner {
  readonly host: string;
  readonly pid: number;
  /** When it took the claim (ISO time). */
  readonly since: string;
}

const HOST = hostname();

/** This process as the owner of a claim or the writer of a unit. */
export const thisProcess = (): Owner => ({ host: HOST, pid: process.pid, since: new Date().toISOString() });

/** Whether process `pid` runs on this host (a zombie — exited, not yet reaped — does not; Linux tells them apart). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state …"; comm may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc: the signal test is all there is
  }
}

/** A claim from another host counts as live while it was touched within this many milliseconds. */
export const CLAIM_STALE_MS = 10 * 60 * 1000;
/** How often an owner touches its claims. */
const HEARTBEAT_MS = 60 * 1000;

/** The claim file of a unit. */
export const claimFile = (runDir: string, unit: Unit): string => `${join(runDir, unit.path)}.claim`;

const CLAIM_SUFFIX = '.claim';

function readOwner(file: string): Owner | null {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as Owner;
    return typeof owner?.host === 'string' && Number.isInteger(owner.pid) ? owner : null;
  } catch {
    return null;
  }
}

/** Whether the owner of claim `file` may still be working: its pid runs (this host), or the claim is fresh (another host, or unreadable). */
function ownerLive(owner: Owner | null, file: string): boolean {
  if (owner?.host === HOST) return pidAlive(owner.pid);
  const touched = statSync(file, { throwIfNoEntry: false })?.mtimeMs;
  return touched !== undefined && Date.now() - touched < CLAIM_STALE_MS;
}

/** Creates claim `file` for this process; false when a claim exists. */
function createClaim(file: string): boolean {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = tempName(file);
  writeFileSync(tmp, `${JSON.stringify(thisProcess())}\n`);
  try {
    linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
}

const sameOwner = (a: Owner | null, b: Owner | null): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Removes the stale claim `file` last read as `seen`. It is renamed away first and checked: when a
 * live claim has replaced it meanwhile, that one is put back (at worst, a unit is computed twice;
 * its folder is still written once).
 */
function removeStale(file: string, seen: Owner | null): void {
  const aside = tempName(file);
  try {
    renameSync(file, aside);
  } catch {
    return; // another process removed it first
  }
  const moved = readOwner(aside);
  if (!sameOwner(moved, seen) && moved !== null && ownerLive(moved, aside)) {
    try {
      linkSync(aside, file);
    } catch {
      // a third process claimed the unit meanwhile
    }
  }
  rmSync(aside, { force: true });
}

/**
 * Claims `unit` for this process. Returns null when the claim is ours, else the live owner of the
 * existing claim; a stale claim is taken over.
 */
export function claimUnit(runDir: string, unit: Unit): Owner | null {
  const file = claimFile(runDir, unit);
  for (;;) {
    if (createClaim(file)) return null;
    const owner = readOwner(file);
    if (ownerLive(owner, file)) return owner ?? { host: '?', pid: 0, since: '' };
    removeStale(file, owner);
  }
}

/** The live owner of `unit`'s claim other than this process, or null when nobody else holds it. */
export function otherOwner(runDir: string, unit: Unit): Owner | null {
  const file = claimFile(runDir, unit);
  if (!existsSync(file)) return null;
  const owner = readOwner(file);
  if (owner?.host === HOST && owner.pid === process.pid) return null;
  return ownerLive(owner, file) ? (owner ?? { host: '?', pid: 0, since: '' }) : null;
}

/** Gives up this process's claim on `unit` (a claim another process took over is left alone). */
export function releaseClaim(runDir: string, unit: Unit): void {
  const file = claimFile(runDir, unit);
  const owner = readOwner(file);
  if (owner?.host === HOST && owner.pid === process.pid) rmSync(file, { force: true });
}

/** Touches the claims `held()` names every minute, so that other hosts see them live; returns the stop function. */
export function keepClaimsAlive(runDir: string, held: () => Iterable<Unit>): () => void {
  const timer = setInterval(() => {
    const now = new Date();
    for (const unit of held()) {
      try {
        utimesSync(claimFile(runDir, unit), now, now);
      } catch {
        // released meanwhile
      }
    }
  }, HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Removes what killed processes of this host left in `runDir`: temporary files and folders
 * (`<name>.tmp-<pid>-<random>`) and claims whose process no longer runs. Finished unit folders
 * (those holding a unit.json) are not entered: nothing temporary is ever left inside one. Returns
 * the removed paths.
 */
export function sweepLeftovers(runDir: string): string[] {
  const removed: string[] = [];
  const visit = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true });
    if (dir !== runDir && entries.some((e) => e.name === 'unit.json')) return;
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const pid = tempOwner(entry.name);
      const claim = entry.name.endsWith(CLAIM_SUFFIX) && entry.isFile() ? readOwner(path) : undefined;
      if (pid !== null ? !pidAlive(pid) : claim !== undefined && claim?.host === HOST && !pidAlive(claim.pid)) {
        rmSync(path, { recursive: true, force: true });
        removed.push(path);
      } else if (pid === null && entry.isDirectory()) visit(path);
    }
  };
  if (existsSync(runDir)) visit(runDir);
  return removed;
}
