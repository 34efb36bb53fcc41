import { backendCandidates, selectBackend, type BackendCandidate, type BackendName, type Tf } from '../src/backend/index.js';
import { ModelError } from '../src/errors.js';

/** A fake `tf` namespace, told apart by its tag. */
const fakeTf = (tag: string): Tf => ({ tag }) as unknown as Tf;

function candidates(working: readonly BackendName[], calls: string[] = []): BackendCandidate[] {
  return (['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const).map((name) => ({
    name,
    load: async () => {
      calls.push(name);
      if (!working.includes(name)) throw new Error(`${name} binding missing\nsecond line`);
      return fakeTf(name);
    },
  }));
}

describe('selectBackend fallback chain (injected loaders)', () => {
  const saved = process.env.FLUXSCALE_BACKEND;
  beforeEach(() => delete process.env.FLUXSCALE_BACKEND);
  afterAll(() => {
    if (saved === undefined) delete process.env.FLUXSCALE_BACKEND;
    else process.env.FLUXSCALE_BACKEND = saved;
  });

  it('takes the first backend that loads, skipping failures, with one log line', async () => {
    const lines: string[] = [];
    const calls: string[] = [];
    const chosen = await selectBackend({ candidates: candidates(['wasm', 'cpu'], calls), log: (l) => lines.push(l) });
    expect(chosen.name).toBe('wasm');
    expect((chosen.tf as unknown as { tag: string }).tag).toBe('wasm');
    expect(calls).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm']);
    expect(chosen.skipped.map((s) => s.name)).toEqual(['tensorflow-gpu', 'tensorflow']);
    expect(chosen.skipped[0].reason).toBe('tensorflow-gpu binding missing');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/backend 'wasm'.*tensorflow-gpu: tensorflow-gpu binding missing; tensorflow: tensorflow binding missing/);
  });

  it('prefers the GPU backend when it loads', async () => {
    const chosen = await selectBackend({ candidates: candidates(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']), log: () => undefined });
    expect(chosen.name).toBe('tensorflow-gpu');
    expect(chosen.skipped).toEqual([]);
  });

  it('falls through to cpu when nothing else loads', async () => {
    const chosen = await selectBackend({ candidates: candidates(['cpu']), log: () => undefined });
    expect(chosen.name).toBe('cpu');
  });

  it('fails clearly when no backend loads', async () => {
    await expect(selectBackend({ candidates: candidates([]), log: () => undefined })).rejects.toThrow(
      /No TensorFlow.js backend could be loaded \(tensorflow-gpu: .*cpu: cpu binding missing\)/,
    );
  });

  it('forcing a backend that cannot load is an error naming it, with no fallback', async () => {
    const calls: string[] = [];
    const lines: string[] = [];
    const attempt = selectBackend({ name: 'tensorflow', candidates: candidates(['wasm', 'cpu'], calls), log: (l) => lines.push(l) });
    await expect(attempt).rejects.toThrow(ModelError);
    await expect(attempt).rejects.toMatchObject({ code: 'backend-unavailable', subject: 'tensorflow' });
    await expect(attempt).rejects.toThrow("TensorFlow.js backend 'tensorflow' (forced by backend) could not be loaded: tensorflow binding missing");
    expect(calls).toEqual(['tensorflow']);
    expect(lines).toEqual([]);
  });

  it('FLUXSCALE_BACKEND forces a backend, an option overrides it', async () => {
    process.env.FLUXSCALE_BACKEND = 'cpu';
    const lines: string[] = [];
    const fromEnv = await selectBackend({ candidates: candidates(['wasm', 'cpu']), log: (l) => lines.push(l) });
    expect(fromEnv.name).toBe('cpu');
    expect(lines).toEqual(["fluxscale: TensorFlow.js backend 'cpu' (forced by FLUXSCALE_BACKEND)"]);
    const fromOption = await selectBackend({ name: 'wasm', candidates: candidates(['wasm', 'cpu']), log: () => undefined });
    expect(fromOption.name).toBe('wasm');
  });

  it('an unknown backend name is an error listing the known ones', async () => {
    process.env.FLUXSCALE_BACKEND = 'webgpu';
    await expect(selectBackend({ candidates: candidates(['cpu']), log: () => undefined })).rejects.toThrow(
      "Unknown TensorFlow.js backend 'webgpu' (FLUXSCALE_BACKEND); expected one of: tensorflow-gpu, tensorflow, wasm, cpu",
    );
  });
});

describe('real backends of this machine', () => {
  it('lists the four backends fastest first', () => {
    expect(backendCandidates.map((c) => c.name)).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
  });

  it('the default choice is the first that loads and records why faster ones were skipped', async () => {
    const lines: string[] = [];
    const chosen = await selectBackend({ log: (l) => lines.push(l) });
    const order = backendCandidates.map((c) => c.name);
    expect(chosen.skipped.map((s) => s.name)).toEqual(order.slice(0, order.indexOf(chosen.name)));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`backend '${chosen.name}'`);
  });

  it.each(['wasm', 'cpu'] as const)('%s loads offline and computes a known matrix product', async (name) => {
    const { tf } = await selectBackend({ name, log: () => undefined });
    expect(tf.getBackend()).toBe(name);
    const product = tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2]));
    expect(Array.from(await product.data())).toEqual([19, 22, 43, 50]);
    product.dispose();
  });

  it('a native backend without its binding fails clearly when forced', async () => {
    const native = backendCandidates.find((c) => c.name === 'tensorflow-gpu');
    const loads = await native!.load().then(
      () => true,
      () => false,
    );
    if (loads) return; // a machine with CUDA libtensorflow: nothing to check here
    await expect(selectBackend({ name: 'tensorflow-gpu', log: () => undefined })).rejects.toMatchObject({
      code: 'backend-unavailable',
      message: expect.stringContaining("backend 'tensorflow-gpu' (forced by backend) could not be loaded"),
    });
  });
});
