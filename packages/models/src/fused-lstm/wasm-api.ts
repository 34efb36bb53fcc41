// The slice of the WebAssembly JavaScript API the fused kernel uses. The repo compiles against lib ES2022 without
// DOM, which carries no WebAssembly typings, so they are declared here and the global is read through globalThis.

/** A compiled WebAssembly module (shareable with worker threads). */
export interface WasmModule {
  readonly [Symbol.toStringTag]: string;
}

/** A WebAssembly linear memory; shared ones are backed by a SharedArrayBuffer. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}

/** The WebAssembly global object. */
export interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  validate(bytes: Uint8Array): boolean;
}

/** The runtime's WebAssembly object, or undefined where there is none. */
export function webAssemblyApi(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}
