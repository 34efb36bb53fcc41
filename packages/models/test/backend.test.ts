import {
  BACKEND_CHOICES,
  BACKEND_NAMES,
  backendCandidates,
  dawnRoute,
  isSoftwareAdapter,
  selectBackend,
  type BackendCandidate,
  type BackendName,
  type GpuAdapter,
  type Tf,
} from '../src/backend/index.js';
import { ModelError } from '../src/errors.js';

/** A fake `tf` namespace, told apart by its tag. */
const fakeTf = (tag: string): Tf => ({ tag, version_core: '4.22.0' }) as unknown as Tf;

function candidates(working: readonly BackendName[], calls: string[] = []): BackendCandidate[] {
  return BACKEND_NAMES.map((name) => ({
    name,
    load: async ({ forced }) => {
      calls.push(forced ? `${name}!` : name);
      if (!working.includes(name)) throw new Error(`${name} binding missing\nsecond line`);
      return { tf: fakeTf(name) };
    },
  }));
}

const lavapipe: GpuAdapter = {
  vendor: 'mesa',
  architecture: 'software',
  device: 'llvmpipe-llvm-15-0-6-256-bits-',
  description: 'llvmpipe: Mesa 25.0.7',
  software: true,
  route: 'default',
  dawn: '0.6.2',
};

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
    expect(chosen.tfjsVersion).toBe('4.22.0');
    expect(chosen.device).toBeUndefined();
    expect(calls).toEqual(['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm']);
    expect(chosen.skipped.map((s) => s.name)).toEqual(['tensorflow-gpu', 'webgpu', 'tensorflow']);
    expect(chosen.skipped[0].reason).toBe('tensorflow-gpu binding missing');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/backend 'wasm'.*tensorflow-gpu: tensorflow-gpu binding missing; webgpu: webgpu binding missing; tensorflow: tensorflow binding missing/);
  });

  it('prefers the CUDA backend, then WebGPU, when they load', async () => {
    const all = await selectBackend({ candidates: candidates(BACKEND_NAMES), log: () => undefined });
    expect(all.name).toBe('tensorflow-gpu');
    expect(all.skipped).toEqual([]);
    const noCuda = await selectBackend({ candidates: candidates(['webgpu', 'tensorflow', 'wasm', 'cpu']), log: () => undefined });
    expect(noCuda.name).toBe('webgpu');
  });

  it("'auto' tries the chain unforced; a named backend is loaded forced", async () => {
    const calls: string[] = [];
    await selectBackend({ name: 'auto', candidates: candidates(['cpu'], calls), log: () => undefined });
    await selectBackend({ name: 'cpu', candidates: candidates(['cpu'], calls), log: () => undefined });
    expect(calls).toEqual(['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu', 'cpu!']);
  });

  it('records the GPU adapter and logs a loader warning on a line of its own', async () => {
    const gpu: BackendCandidate = { name: 'webgpu', load: async () => ({ tf: fakeTf('webgpu'), adapter: lavapipe, warning: 'software adapter' }) };
    const lines: string[] = [];
    const chosen = await selectBackend({ name: 'webgpu', candidates: [gpu], log: (l) => lines.push(l) });
    expect(chosen.device).toEqual(lavapipe);
    expect(lines).toEqual([
      "fluxscale: TensorFlow.js backend 'webgpu' on llvmpipe-llvm-15-0-6-256-bits- (mesa software) (forced by backend)",
      'fluxscale: warning: software adapter',
    ]);
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
    expect(calls).toEqual(['tensorflow!']);
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
    process.env.FLUXSCALE_BACKEND = 'vulkan';
    await expect(selectBackend({ candidates: candidates(['cpu']), log: () => undefined })).rejects.toThrow(
      "Unknown TensorFlow.js backend 'vulkan' (FLUXSCALE_BACKEND); expected one of: tensorflow-gpu, webgpu, tensorflow, wasm, cpu",
    );
  });
});

describe('software adapters', () => {
  it.each([
    ['lavapipe (Mesa Vulkan)', { vendor: 'mesa', architecture: 'software', device: 'llvmpipe-llvm-15-0-6-256-bits-', description: 'llvmpipe: Mesa 25.0.7', isFallbackAdapter: true }, true],
    ['llvmpipe (Mesa OpenGL ES, no architecture)', { vendor: '', architecture: '', device: 'llvmpipe-llvm-15-0-6-256-bits-', description: 'OpenGL version OpenGL ES 3.2 Mesa 22.3.6', isFallbackAdapter: false }, true],
    ['SwiftShader', { vendor: 'google', architecture: '', device: 'SwiftShader Device (Subzero)', description: 'SwiftShader driver' }, true],
    ['a fallback adapter of unknown name', { vendor: 'x', architecture: 'y', device: 'z', description: '', isFallbackAdapter: true }, true],
    ['NVIDIA H200 (Vulkan)', { vendor: 'nvidia', architecture: 'hopper', device: 'NVIDIA H200', description: 'NVIDIA: 550.54.15', isFallbackAdapter: false }, false],
    ['AMD (RADV)', { vendor: 'amd', architecture: 'rdna-3', device: 'AMD Radeon RX 7900 XTX (RADV NAVI31)', description: 'radv: Mesa 25.0.7' }, false],
  ])('%s', (_, info, software) => {
    expect(isSoftwareAdapter(info)).toBe(software);
  });
});

describe('Dawn route', () => {
  const saved = process.env.FLUXSCALE_DAWN_BACKEND;
  afterEach(() => {
    if (saved === undefined) delete process.env.FLUXSCALE_DAWN_BACKEND;
    else process.env.FLUXSCALE_DAWN_BACKEND = saved;
  });

  it('is Dawn\'s default unless FLUXSCALE_DAWN_BACKEND names vulkan or opengles, and rejects anything else', () => {
    delete process.env.FLUXSCALE_DAWN_BACKEND;
    expect(dawnRoute()).toBe('default');
    process.env.FLUXSCALE_DAWN_BACKEND = 'opengles';
    expect(dawnRoute()).toBe('opengles');
    process.env.FLUXSCALE_DAWN_BACKEND = 'metal2';
    expect(() => dawnRoute()).toThrow("FLUXSCALE_DAWN_BACKEND must be one of default, vulkan, opengles, got 'metal2'");
  });
});

describe('real backends of this machine', () => {
  it('lists the backends fastest first, and what --backend accepts', () => {
    expect(BACKEND_NAMES).toEqual(['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu']);
    expect(backendCandidates.map((c) => c.name)).toEqual(BACKEND_NAMES);
    expect(BACKEND_CHOICES).toEqual(['auto', ...BACKEND_NAMES]);
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
    const loads = await native!.load({ forced: true }).then(
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
