// Compiles the fused LSTM kernel (assembly/lstm.ts, AssemblyScript) to wasm/fused-lstm.wasm, the binary that
// ships in the package: SIMD (v128), a shared imported memory (so worker threads can run slices of one batch),
// the stub runtime (the kernel never allocates) and full optimisation. Run with `pnpm build:wasm`.
import asc from 'assemblyscript/asc';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
mkdirSync(path.join(root, 'wasm'), { recursive: true });
const { error, stderr } = await asc.main(
  [
    'assembly/lstm.ts',
    '--outFile', 'wasm/fused-lstm.wasm',
    '--optimizeLevel', '3',
    '--shrinkLevel', '0',
    '--noAssert',
    '--runtime', 'stub',
    '--enable', 'simd',
    '--enable', 'threads',
    '--importMemory',
    '--sharedMemory',
    '--initialMemory', '1',
    '--maximumMemory', '65536',
  ],
  { stdout: process.stdout, stderr: process.stderr, baseDir: root },
);
if (error) {
  console.error(stderr.toString());
  console.error(`build-wasm: ${error.message}`);
  process.exit(1);
}
console.log('build-wasm: wrote wasm/fused-lstm.wasm');
