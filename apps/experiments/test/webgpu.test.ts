import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runsHere } from '@fluxscale/jest-preset';
import { probeWebGpu } from '@fluxscale/models';
import { runCli, tempDir } from './helpers/cli.js';

/**
 * The tiny Table 1 run on the WebGPU backend (in CI Mesa's software Vulkan driver) gives the CPU
 * backend's metrics: the same seed, the same initial weights, float32 on both sides. Skipped, with
 * the reason printed, where Dawn finds no WebGPU adapter (a failure with FLUXSCALE_REQUIRE_WEBGPU=1).
 */
const TINY = join(__dirname, 'fixtures', 'tiny.yaml');
const TOLERANCE = 1e-4;

const probe = probeWebGpu();
const skipReason = 'reason' in probe ? probe.reason : undefined;
const onWebGpu = runsHere('WebGPU end-to-end test', skipReason, 'FLUXSCALE_REQUIRE_WEBGPU') ? describe : describe.skip;

/** metrics.csv as rows of its columns. */
function metrics(runDir: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(join(runDir, 'metrics.csv'), 'utf8').trim().split('\n');
  const names = header.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((value, i) => [names[i], value])));
}

onWebGpu('fluxscale experiment table1 --backend webgpu (tiny config)', () => {
  const root = tempDir();
  const run = (backend: string) => {
    const runDir = join(root, backend);
    const result = runCli(['experiment', 'table1', '--config', TINY, '--out', runDir, '--jobs', '1', '--backend', backend]);
    return { ...result, runDir };
  };

  it("gives the CPU backend's metrics to 1e-4 and records the backend", () => {
    const cpu = run('cpu');
    const gpu = run('webgpu');
    expect(cpu.status).toBe(0);
    expect(gpu.stderr).toMatch(/units run, 0 cached, 0 failed/);
    expect(gpu.status).toBe(0);
    expect(gpu.stderr).toContain("TensorFlow.js backend 'webgpu' on ");
    expect(JSON.parse(readFileSync(join(gpu.runDir, 'manifest.json'), 'utf8')).backend).toBe('webgpu');
    const expected = metrics(cpu.runDir);
    const actual = metrics(gpu.runDir);
    expect(actual.map((r) => [r.model, r.task, r.site])).toEqual(expected.map((r) => [r.model, r.task, r.site]));
    expect(actual.some((r) => r.model === 'lstm')).toBe(true);
    for (const [i, row] of expected.entries()) {
      for (const [column, value] of Object.entries(row)) {
        const number = Number(value);
        if (value === '' || Number.isNaN(number)) expect(actual[i][column]).toBe(value);
        else expect(Math.abs(Number(actual[i][column]) - number)).toBeLessThanOrEqual(TOLERANCE * Math.max(1, Math.abs(number)));
      }
    }
  });
});
