/**
 * TensorFlow.js on WebGPU through Dawn's Node bindings (the optional peers `webgpu` and
 * `@tensorflow/tfjs-backend-webgpu`, installed by the user who wants this route): finds a GPU
 * adapter, tells hardware adapters from software (CPU) ones, and registers tfjs' WebGPU backend on
 * exactly that adapter.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as tfjs from '../tfjs.js';

/** Node's own `require` (not a test runner's): the `webgpu` package is an ES module with a native addon. */
const requireNative = createRequire(__filename);

/** The tfjs backend id of the WebGPU backend. */
export const WEBGPU_ENGINE = 'webgpu';

/**
 * Dawn's graphics API: its platform default (Vulkan on Linux, Metal on macOS, D3D12 on Windows),
 * Vulkan, or OpenGL ES (compatibility-level adapters; on a machine without a display it needs
 * EGL_PLATFORM=surfaceless in the environment).
 */
export type DawnRoute = 'default' | 'vulkan' | 'opengles';

const DAWN_ROUTES: readonly DawnRoute[] = ['default', 'vulkan', 'opengles'];

/** The WebGPU adapter a backend runs on, as Dawn describes it. */
export interface GpuAdapter {
  /** e.g. 'nvidia', 'mesa' ('' where the driver does not say). */
  readonly vendor: string;
  /** e.g. 'hopper', 'software' ('' where the driver does not say). */
  readonly architecture: string;
  /** The device's name, e.g. 'NVIDIA H200' or 'llvmpipe (LLVM 15.0.6, 256 bits)'. */
  readonly device: string;
  /** Driver description, e.g. 'llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)'. */
  readonly description: string;
  /** True for CPU implementations (Mesa's lavapipe/llvmpipe, SwiftShader): right results, no GPU speed. */
  readonly software: boolean;
  /** The graphics API Dawn was asked to use. */
  readonly route: DawnRoute;
  /** Version of the `webgpu` package (Dawn's Node bindings). */
  readonly dawn: string;
}

/** Adapter info fields as Dawn reports them (GPUAdapterInfo). */
interface DawnAdapterInfo {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  readonly isFallbackAdapter?: boolean;
}

/** Names of CPU implementations of Vulkan and OpenGL ES, as drivers report them in device/description. */
const SOFTWARE_DRIVERS = /llvmpipe|lavapipe|softpipe|swiftshader/i;

/**
 * Whether an adapter is a software (CPU) implementation: architecture 'software' (Mesa's Vulkan
 * drivers say so), a fallback adapter, or a known CPU driver's name (OpenGL ES adapters report no
 * architecture and are never marked as fallback).
 */
export function isSoftwareAdapter(info: DawnAdapterInfo): boolean {
  return info.architecture === 'software' || info.isFallbackAdapter === true || SOFTWARE_DRIVERS.test(`${info.device ?? ''} ${info.description ?? ''}`);
}

/** The Dawn route asked for by FLUXSCALE_DAWN_BACKEND ('vulkan', 'opengles'; unset: Dawn's default). */
export function dawnRoute(): DawnRoute {
  const value = process.env.FLUXSCALE_DAWN_BACKEND?.trim() || 'default';
  if (!(DAWN_ROUTES as readonly string[]).includes(value)) {
    throw new Error(`FLUXSCALE_DAWN_BACKEND must be one of ${DAWN_ROUTES.join(', ')}, got '${value}'`);
  }
  return value as DawnRoute;
}

/** Dawn's `create` flags and the adapter request of a route. */
function dawnRequest(route: DawnRoute): { flags: string[]; adapter: { powerPreference: 'high-performance'; featureLevel: 'core' | 'compatibility' } } {
  return {
    flags: route === 'default' ? [] : [`backend=${route}`],
    adapter: { powerPreference: 'high-performance', featureLevel: route === 'opengles' ? 'compatibility' : 'core' },
  };
}

/** Device nodes through which a GPU driver is reached on Linux (NVIDIA, DRM render nodes, WSL's /dev/dxg). */
export function gpuDeviceNodes(): string[] {
  const nodes = existsSync('/dev') ? readdirSync('/dev').filter((n) => /^nvidia\d+$/.test(n) || n === 'dxg').map((n) => `/dev/${n}`) : [];
  const dri = '/dev/dri';
  if (existsSync(dri)) nodes.push(...readdirSync(dri).filter((n) => n.startsWith('renderD')).map((n) => `${dri}/${n}`));
  return nodes;
}

/** Dawn's Node bindings as the `webgpu` package exports them. */
interface DawnBindings {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

/** The WebGPU route's optional peer packages: Dawn's Node bindings and TensorFlow.js' WebGPU backend. */
const WEBGPU_PEERS = ['webgpu', '@tensorflow/tfjs-backend-webgpu'] as const;

function installed(name: string): boolean {
  try {
    requireNative.resolve(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * The `webgpu` package's entry point on disk; throws a one-line reason, with the command that adds
 * them, when it or tfjs-backend-webgpu is missing.
 */
function dawnEntry(): string {
  const missing = WEBGPU_PEERS.filter((name) => !installed(name));
  if (missing.length > 0) {
    const names = missing.map((name) => `'${name}'`).join(' and ');
    throw new Error(`the WebGPU route's optional package${missing.length > 1 ? 's' : ''} ${names} ${missing.length > 1 ? 'are' : 'is'} not installed (npm install ${WEBGPU_PEERS.join(' ')})`);
  }
  return requireNative.resolve('webgpu');
}

/** Version of the installed `webgpu` package. */
function dawnVersion(): string {
  return (requireNative('webgpu/package.json') as { version: string }).version;
}

/** Loads Dawn's bindings; throws a one-line reason if they cannot load here. */
function loadDawn(): { bindings: DawnBindings; version: string } {
  dawnEntry();
  try {
    return { bindings: requireNative('webgpu') as DawnBindings, version: dawnVersion() };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_REQUIRE_ESM') throw new Error(`the 'webgpu' package is an ES module: loading it needs Node 20.19 or newer (this is ${process.version})`);
    throw new Error(`Dawn's bindings (the 'webgpu' package) did not load: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** The adapter description of Dawn's answer. */
function describeAdapter(info: DawnAdapterInfo, route: DawnRoute, dawn: string): GpuAdapter {
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    software: isSoftwareAdapter(info),
    route,
    dawn,
  };
}

/** The one-line reason Dawn found no adapter on a route. */
function noAdapterReason(route: DawnRoute): string {
  if (route === 'opengles') {
    const headless = process.env.EGL_PLATFORM ? '' : '; without a display, set EGL_PLATFORM=surfaceless';
    return `Dawn found no WebGPU adapter through OpenGL ES: no EGL driver (e.g. Mesa's libegl-mesa0)${headless}`;
  }
  return "Dawn found no WebGPU adapter: no Vulkan driver (libvulkan1 and the GPU vendor's ICD, e.g. nvidia_icd.json; Mesa's lavapipe in mesa-vulkan-drivers for a software one)";
}

/** Makes `gpu` the `navigator.gpu` tfjs' WebGPU backend reads, and Dawn's GPU* constants global. */
function installGlobals(gpu: GPU, globals: Record<string, unknown>): void {
  Object.assign(globalThis, globals);
  const scope = globalThis as { navigator?: object };
  if (scope.navigator === undefined) Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
  Object.defineProperty(scope.navigator, 'gpu', { value: gpu, configurable: true, writable: true });
}

/** Device limits as large as the adapter allows (those tfjs' own WebGPU factory asks for). */
function deviceDescriptor(adapter: GPUAdapter): GPUDeviceDescriptor {
  const wanted: GPUFeatureName[] = ['timestamp-query', 'bgra8unorm-storage'];
  const { limits } = adapter;
  return {
    requiredFeatures: wanted.filter((f) => adapter.features.has(f)),
    requiredLimits: {
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
    },
  };
}

/** The adapter the registered WebGPU backend runs on, and the Dawn instance it keeps alive. */
let registered: { adapter: GpuAdapter; gpu: GPU } | undefined;

/** Options of `loadWebGpu`. */
export interface LoadWebGpuOptions {
  /** Accept a software (CPU) adapter; otherwise one is refused with a reason. */
  readonly allowSoftware: boolean;
}

/**
 * Activates TensorFlow.js' WebGPU backend on Dawn's high-performance adapter of the route chosen by
 * FLUXSCALE_DAWN_BACKEND and resolves to that adapter. Rejects with a one-line reason when Dawn is
 * not installed, finds no adapter, or — without `allowSoftware` — finds only a software one (on
 * Linux, a machine without any GPU device node is refused before Dawn is loaded). The first
 * successful call creates the device; later ones re-activate it.
 */
export async function loadWebGpu(options: LoadWebGpuOptions): Promise<GpuAdapter> {
  if (registered !== undefined) {
    refuseSoftware(registered.adapter, options);
    if (!(await tfjs.setBackend(WEBGPU_ENGINE))) throw new Error('the WebGPU backend did not initialise');
    return registered.adapter;
  }
  if (!options.allowSoftware && process.platform === 'linux' && gpuDeviceNodes().length === 0) {
    throw new Error('no GPU device node (/dev/nvidia*, /dev/dri/renderD*, /dev/dxg)');
  }
  const route = dawnRoute();
  const request = dawnRequest(route);
  const { bindings, version } = loadDawn();
  const gpu = bindings.create(request.flags);
  const found = await gpu.requestAdapter(request.adapter);
  if (found === null) throw new Error(noAdapterReason(route));
  // Dawn's adapters have `info` (newer WebGPU typings than tfjs-core's own, which may be the ones in scope).
  const info = (found as unknown as { info: DawnAdapterInfo & GPUAdapterInfo }).info;
  const adapter = describeAdapter(info, route, version);
  refuseSoftware(adapter, options);
  const device = await found.requestDevice(deviceDescriptor(found));
  installGlobals(gpu, bindings.globals);
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  // Importing the package with navigator.gpu set registers its own factory on the default adapter; ours replaces it.
  if (tfjs.findBackendFactory(WEBGPU_ENGINE) !== null) tfjs.removeBackend(WEBGPU_ENGINE);
  tfjs.registerBackend(WEBGPU_ENGINE, () => new WebGPUBackend(device, info));
  if (!(await tfjs.setBackend(WEBGPU_ENGINE))) {
    tfjs.removeBackend(WEBGPU_ENGINE);
    device.destroy();
    throw new Error(`the WebGPU backend did not initialise on ${adapterLabel(adapter)}`);
  }
  registered = { adapter, gpu };
  return adapter;
}

function refuseSoftware(adapter: GpuAdapter, options: LoadWebGpuOptions): void {
  if (adapter.software && !options.allowSoftware) {
    throw new Error(`only a software adapter (${adapterLabel(adapter)}), which is never chosen automatically`);
  }
}

/** A short label of an adapter for log lines, e.g. "NVIDIA H200 (nvidia hopper, vulkan)". */
export function adapterLabel(adapter: GpuAdapter): string {
  const kind = [adapter.vendor, adapter.architecture].filter((s) => s !== '').join(' ');
  const api = adapter.route === 'default' ? '' : adapter.route;
  const details = [kind, api].filter((s) => s !== '').join(', ');
  return `${adapter.device || adapter.description || 'unnamed adapter'}${details ? ` (${details})` : ''}`;
}

/** What `probeWebGpu` found: an adapter, or why there is none. */
export type WebGpuProbe = { readonly adapter: GpuAdapter } | { readonly reason: string };

/** Prints Dawn's adapter info as JSON (run by `probeWebGpu` in a child process). */
const PROBE_SCRIPT = `
const [entry, flags, request] = process.argv.slice(1);
const gpu = require(entry).create(JSON.parse(flags));
gpu.requestAdapter(JSON.parse(request)).then(
  (a) => { process.stdout.write(JSON.stringify(a && { vendor: a.info.vendor, architecture: a.info.architecture, device: a.info.device, description: a.info.description, isFallbackAdapter: a.info.isFallbackAdapter })); process.exit(0); },
  (e) => { process.stdout.write(JSON.stringify({ error: String(e && e.message || e) })); process.exit(0); });
`;

/**
 * Asks a child Node process whether Dawn finds a WebGPU adapter on the FLUXSCALE_DAWN_BACKEND route,
 * and which — without loading Dawn into this process, and synchronously, so that it can decide e.g.
 * whether a test suite runs. Software adapters count (check `adapter.software`).
 */
export function probeWebGpu(): WebGpuProbe {
  let route: DawnRoute;
  let entry: string;
  let version: string;
  try {
    route = dawnRoute();
    entry = dawnEntry();
    version = dawnVersion();
  } catch (error) {
    return { reason: (error as Error).message };
  }
  const request = dawnRequest(route);
  const child = spawnSync(process.execPath, ['-e', PROBE_SCRIPT, entry, JSON.stringify(request.flags), JSON.stringify(request.adapter)], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  const answer = (() => {
    try {
      return JSON.parse(child.stdout) as (DawnAdapterInfo & { error?: string }) | null;
    } catch {
      return undefined;
    }
  })();
  if (answer === undefined) {
    const why = child.error?.message ?? (child.stderr.trim().split('\n').pop() || `exit status ${child.status}`);
    return { reason: `Dawn's bindings (the 'webgpu' package) did not load: ${why}` };
  }
  if (answer === null) return { reason: noAdapterReason(route) };
  if (answer.error !== undefined) return { reason: `Dawn's adapter request failed: ${answer.error}` };
  return { adapter: describeAdapter(answer, route, version) };
}
