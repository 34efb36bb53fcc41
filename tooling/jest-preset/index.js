// Honest skips: a suite that needs something a machine may lack (a WebGPU adapter, root with mount)
// is skipped there with the reason printed; where the environment variable that names the need is 1
// (CI that installed it), the same lack fails the suite instead, so that a skip cannot pass for green.

/**
 * Whether `suite` runs: true when `reason` (why it cannot run here) is undefined; otherwise throws
 * where `process.env[required]` is '1', else prints the reason and returns false.
 * @param {string} suite what is skipped, e.g. 'WebGPU tests'
 * @param {string | undefined | null} reason why it cannot run on this machine, or nothing
 * @param {string} required the environment variable that makes the lack a failure
 * @returns {boolean}
 */
function runsHere(suite, reason, required) {
  if (reason === undefined || reason === null) return true;
  if (process.env[required] === '1') throw new Error(`${suite} cannot run (${reason}), but ${required}=1 says this machine provides what they need`);
  console.warn(`${suite} skipped: ${reason} (set ${required}=1 to make this a failure)`);
  return false;
}

module.exports = { runsHere };
