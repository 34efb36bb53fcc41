// Fused whole-sequence LSTM kernels (forward and backpropagation through time) on float32, WebAssembly SIMD.
//
// All buffers live in one (possibly shared) linear memory and are addressed by byte pointers handed in by the
// host through a parameter block of i32 words (see the P_* offsets). Layouts (row-major, float32):
//   x [nb, T, F]   W [F, 4H]   U [H, 4H]   b [4H]   UT = Uᵀ [4H, H]   WT = Wᵀ [4H, F]
// with gate blocks in Keras order i, f, c (candidate), o. F and H must be multiples of 4 (the host pads them
// with zeros; a zero-padded unit stays exactly 0 through the recurrence, so padding changes no result).
// Work buffers per chunk of `cb` sequences: gates G [cb, T, 4H] (pre-activations, then activations, then
// their gradients, in place), cell states C [cb, T, H], previous hidden states HP [cb, T, H] with
// HP[b, t] = h[b, t-1] (HP[b, 0] = 0) so that dU = HPᵀ·dG is one product, and the last hidden state [cb, H].

const P_BATCH = 0; // sequences in this slice
const P_STEPS = 1; // T
const P_FEATURES = 2; // F (multiple of 4)
const P_UNITS = 3; // H (multiple of 4)
const P_CHUNK = 4; // sequences per chunk (work buffers are sized for this many)
const P_HARD = 5; // 1: recurrent activation is hard sigmoid clip(0.2x + 0.5, 0, 1); 0: logistic sigmoid
const P_X = 6;
const P_W = 7;
const P_U = 8;
const P_B = 9;
const P_UT = 10;
const P_WT = 11;
const P_OUT = 12; // h_T [nb, H]
const P_OUT_SEQ = 13; // h [nb, T, H] or 0
const P_DY = 14; // dL/dh_T [nb, H] or 0
const P_DY_SEQ = 15; // dL/dh [nb, T, H] or 0
const P_DX = 16; // [nb, T, F]
const P_DW = 17; // accumulated [F, 4H]
const P_DU = 18; // accumulated [H, 4H]
const P_DB = 19; // accumulated [4H]
const P_WORK = 20; // work region
const P_SAVED = 21; // 1 when the work buffers hold this slice's forward activations (single chunk)

function param(p: usize, k: i32): i32 {
  return load<i32>(p + (<usize>k << 2));
}

// ---------------------------------------------------------------------------------------------------------
// GEMM: C[i, j] (+)= Σ_p A(i, p) · B[p, j], A(i, p) at A + i·sai + p·sap (bytes), B and C row-major with
// byte strides ldb / ldc. N must be a multiple of 4. Register tiles of 4 rows × 8 columns.

function acc4(acc: bool, c: usize): v128 {
  return acc ? v128.load(c) : f32x4.splat(0);
}

function tile4x8(K: i32, a: usize, sai: usize, sap: usize, b: usize, ldb: usize, c: usize, ldc: usize, acc: bool): void {
  let c00 = acc4(acc, c), c01 = acc4(acc, c + 16);
  let c10 = acc4(acc, c + ldc), c11 = acc4(acc, c + ldc + 16);
  let c20 = acc4(acc, c + 2 * ldc), c21 = acc4(acc, c + 2 * ldc + 16);
  let c30 = acc4(acc, c + 3 * ldc), c31 = acc4(acc, c + 3 * ldc + 16);
  const s2 = sai << 1, s3 = sai * 3;
  for (let p = 0; p < K; p++) {
    const b0 = v128.load(b), b1 = v128.load(b, 16);
    const a0 = v128.load32_splat(a), a1 = v128.load32_splat(a + sai);
    const a2 = v128.load32_splat(a + s2), a3 = v128.load32_splat(a + s3);
    c00 = f32x4.add(c00, f32x4.mul(a0, b0)); c01 = f32x4.add(c01, f32x4.mul(a0, b1));
    c10 = f32x4.add(c10, f32x4.mul(a1, b0)); c11 = f32x4.add(c11, f32x4.mul(a1, b1));
    c20 = f32x4.add(c20, f32x4.mul(a2, b0)); c21 = f32x4.add(c21, f32x4.mul(a2, b1));
    c30 = f32x4.add(c30, f32x4.mul(a3, b0)); c31 = f32x4.add(c31, f32x4.mul(a3, b1));
    a += sap; b += ldb;
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ldc, c10); v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20); v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30); v128.store(c + 3 * ldc, c31, 16);
}

function tile4x4(K: i32, a: usize, sai: usize, sap: usize, b: usize, ldb: usize, c: usize, ldc: usize, acc: bool): void {
  let c0 = acc4(acc, c), c1 = acc4(acc, c + ldc), c2 = acc4(acc, c + 2 * ldc), c3 = acc4(acc, c + 3 * ldc);
  const s2 = sai << 1, s3 = sai * 3;
  for (let p = 0; p < K; p++) {
    const b0 = v128.load(b);
    c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(a), b0));
    c1 = f32x4.add(c1, f32x4.mul(v128.load32_splat(a + sai), b0));
    c2 = f32x4.add(c2, f32x4.mul(v128.load32_splat(a + s2), b0));
    c3 = f32x4.add(c3, f32x4.mul(v128.load32_splat(a + s3), b0));
    a += sap; b += ldb;
  }
  v128.store(c, c0); v128.store(c + ldc, c1); v128.store(c + 2 * ldc, c2); v128.store(c + 3 * ldc, c3);
}

function tile1x8(K: i32, a: usize, sap: usize, b: usize, ldb: usize, c: usize, acc: bool): void {
  let c0 = acc4(acc, c), c1 = acc4(acc, c + 16);
  for (let p = 0; p < K; p++) {
    const a0 = v128.load32_splat(a);
    c0 = f32x4.add(c0, f32x4.mul(a0, v128.load(b)));
    c1 = f32x4.add(c1, f32x4.mul(a0, v128.load(b, 16)));
    a += sap; b += ldb;
  }
  v128.store(c, c0); v128.store(c, c1, 16);
}

function tile1x4(K: i32, a: usize, sap: usize, b: usize, ldb: usize, c: usize, acc: bool): void {
  let c0 = acc4(acc, c);
  for (let p = 0; p < K; p++) {
    c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(a), v128.load(b)));
    a += sap; b += ldb;
  }
  v128.store(c, c0);
}

// Rows of the reduction dimension per pass: long reductions (the weight gradients run over every time step of
// every sequence) are cut into blocks whose slice of B stays in the L2 cache while all column tiles use it.
const K_BLOCK = 128;

function gemmBlock(M: i32, N: i32, K: i32, A: usize, sai: usize, sap: usize, B: usize, ldb: usize, C: usize, ldc: usize, acc: bool): void {
  let i = 0;
  for (; i + 4 <= M; i += 4) {
    const a = A + <usize>i * sai, c = C + <usize>i * ldc;
    let j = 0;
    for (; j + 8 <= N; j += 8) tile4x8(K, a, sai, sap, B + (<usize>j << 2), ldb, c + (<usize>j << 2), ldc, acc);
    for (; j < N; j += 4) tile4x4(K, a, sai, sap, B + (<usize>j << 2), ldb, c + (<usize>j << 2), ldc, acc);
  }
  for (; i < M; i++) {
    const a = A + <usize>i * sai, c = C + <usize>i * ldc;
    let j = 0;
    for (; j + 8 <= N; j += 8) tile1x8(K, a, sap, B + (<usize>j << 2), ldb, c + (<usize>j << 2), acc);
    for (; j < N; j += 4) tile1x4(K, a, sap, B + (<usize>j << 2), ldb, c + (<usize>j << 2), acc);
  }
}

function gemm(M: i32, N: i32, K: i32, A: usize, sai: usize, sap: usize, B: usize, ldb: usize, C: usize, ldc: usize, acc: bool): void {
  for (let k0 = 0; k0 < K; k0 += K_BLOCK) {
    gemmBlock(M, N, min(K_BLOCK, K - k0), A + <usize>k0 * sap, sai, sap, B + <usize>k0 * ldb, ldb, C, ldc, acc || k0 > 0);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Vector activations. exp: Cody–Waite range reduction and a degree-6 polynomial (relative error ~1e-7).

function vexp(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(-87.0)), f32x4.splat(88.0));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504)));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const y = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1.0));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(y, scale);
}

function vsigmoid(x: v128): v128 {
  const one = f32x4.splat(1.0);
  return f32x4.div(one, f32x4.add(one, vexp(f32x4.neg(x))));
}

function vhardSigmoid(x: v128): v128 {
  const y = f32x4.add(f32x4.mul(x, f32x4.splat(0.2)), f32x4.splat(0.5));
  return f32x4.min(f32x4.max(y, f32x4.splat(0.0)), f32x4.splat(1.0));
}

// tanh: odd Taylor polynomial for |x| < 0.25 (keeps relative precision near 0), (1 - e)/(1 + e) with
// e = exp(-2|x|) elsewhere, sign restored from x.
function vtanh(x: v128): v128 {
  const one = f32x4.splat(1.0);
  const ax = f32x4.abs(x);
  const e = vexp(f32x4.mul(ax, f32x4.splat(-2.0)));
  const big = f32x4.div(f32x4.sub(one, e), f32x4.add(one, e));
  const signed = v128.or(big, v128.and(x, i32x4.splat(0x80000000)));
  const x2 = f32x4.mul(x, x);
  let q = f32x4.splat(-17.0 / 315.0);
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(2.0 / 15.0));
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(-1.0 / 3.0));
  const small = f32x4.add(x, f32x4.mul(f32x4.mul(q, x2), x));
  return v128.bitselect(small, signed, f32x4.lt(ax, f32x4.splat(0.25)));
}

function vgate(x: v128, hard: bool): v128 {
  return hard ? vhardSigmoid(x) : vsigmoid(x);
}

// Derivative of the recurrent activation expressed through its output y.
function vgateSlope(y: v128, hard: bool): v128 {
  if (hard) {
    const inside = v128.and(f32x4.gt(y, f32x4.splat(0.0)), f32x4.lt(y, f32x4.splat(1.0)));
    return v128.and(inside, f32x4.splat(0.2));
  }
  return f32x4.mul(y, f32x4.sub(f32x4.splat(1.0), y));
}

// One time step of the gate math for one sequence: g holds the 4H pre-activations and receives the
// activations; writes c_t and h_t.
function gatesForward(g: usize, cPrev: usize, cOut: usize, hOut: usize, H: i32, hard: bool): void {
  const gs = <usize>H << 2;
  for (let k: usize = 0; k < gs; k += 16) {
    const i = vgate(v128.load(g + k), hard);
    const f = vgate(v128.load(g + gs + k), hard);
    const cc = vtanh(v128.load(g + 2 * gs + k));
    const o = vgate(v128.load(g + 3 * gs + k), hard);
    v128.store(g + k, i); v128.store(g + gs + k, f); v128.store(g + 2 * gs + k, cc); v128.store(g + 3 * gs + k, o);
    const c = f32x4.add(f32x4.mul(f, v128.load(cPrev + k)), f32x4.mul(i, cc));
    v128.store(cOut + k, c);
    v128.store(hOut + k, f32x4.mul(o, vtanh(c)));
  }
}

// One time step of the gate gradients for one sequence: g holds the activations and receives the
// gradients of the pre-activations; dh is dL/dh_t, dc carries dL/dc_t in and dL/dc_{t-1} out.
function gatesBackward(g: usize, cPrev: usize, c: usize, dh: usize, dc: usize, H: i32, hard: bool): void {
  const gs = <usize>H << 2;
  const one = f32x4.splat(1.0);
  for (let k: usize = 0; k < gs; k += 16) {
    const i = v128.load(g + k), f = v128.load(g + gs + k), cc = v128.load(g + 2 * gs + k), o = v128.load(g + 3 * gs + k);
    const tc = vtanh(v128.load(c + k));
    const dhv = v128.load(dh + k);
    const dcv = f32x4.add(v128.load(dc + k), f32x4.mul(f32x4.mul(dhv, o), f32x4.sub(one, f32x4.mul(tc, tc))));
    v128.store(g + k, f32x4.mul(f32x4.mul(dcv, cc), vgateSlope(i, hard)));
    v128.store(g + gs + k, f32x4.mul(f32x4.mul(dcv, v128.load(cPrev + k)), vgateSlope(f, hard)));
    v128.store(g + 2 * gs + k, f32x4.mul(f32x4.mul(dcv, i), f32x4.sub(one, f32x4.mul(cc, cc))));
    v128.store(g + 3 * gs + k, f32x4.mul(f32x4.mul(dhv, tc), vgateSlope(o, hard)));
    v128.store(dc + k, f32x4.mul(dcv, f));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Slice drivers.

function zero(p: usize, floats: usize): void {
  memory.fill(p, 0, floats << 2);
}

// Work-buffer pointers for the current chunk size (module globals: each instance serves one thread).
let wG: usize = 0, wC: usize = 0, wHP: usize = 0, wHL: usize = 0, wDH: usize = 0, wDC: usize = 0, wZ: usize = 0;

function layoutWork(base: usize, cb: i32, T: i32, H: i32): void {
  const rows = <usize>cb * <usize>T;
  wG = base;
  wC = wG + rows * (<usize>H << 4);
  wHP = wC + rows * (<usize>H << 2);
  wHL = wHP + rows * (<usize>H << 2);
  wDH = wHL + (<usize>cb * <usize>H << 2);
  wDC = wDH + (<usize>cb * <usize>H << 2);
  wZ = wDC + (<usize>cb * <usize>H << 2);
}

/** First byte above the module's static data: the host places its buffers at or above it. */
export function heapBase(): usize {
  return __heap_base;
}

/** Bytes of work memory needed for chunks of `cb` sequences of T steps and H (padded) units. */
export function workBytes(cb: i32, T: i32, H: i32): usize {
  const rows = <usize>cb * <usize>T;
  return rows * (<usize>H << 4) + 2 * rows * (<usize>H << 2) + 3 * (<usize>cb * <usize>H << 2) + (<usize>H << 2);
}

function forwardChunk(p: usize, b0: i32, nb: i32): void {
  const T = param(p, P_STEPS), F = param(p, P_FEATURES), H = param(p, P_UNITS), hard = param(p, P_HARD) != 0;
  const G4 = <usize>H << 4, H1 = <usize>H << 2, F1 = <usize>F << 2;
  const rows = nb * T;
  const x = <usize>param(p, P_X) + <usize>b0 * <usize>T * F1;
  const bias = <usize>param(p, P_B);
  for (let r = 0; r < rows; r++) memory.copy(wG + <usize>r * G4, bias, G4);
  gemm(rows, 4 * H, F, x, F1, 4, <usize>param(p, P_W), G4, wG, G4, true);
  zero(wZ, H);
  const U = <usize>param(p, P_U);
  const seqG = <usize>T * G4, seqH = <usize>T * H1;
  for (let b = 0; b < nb; b++) zero(wHP + <usize>b * seqH, H);
  for (let t = 0; t < T; t++) {
    if (t > 0) gemm(nb, 4 * H, H, wHP + <usize>t * H1, seqH, 4, U, G4, wG + <usize>t * G4, seqG, true);
    for (let b = 0; b < nb; b++) {
      const cRow = wC + <usize>b * seqH + <usize>t * H1;
      const hOut = t + 1 < T ? wHP + <usize>b * seqH + <usize>(t + 1) * H1 : wHL + <usize>b * H1;
      gatesForward(wG + <usize>b * seqG + <usize>t * G4, t > 0 ? cRow - H1 : wZ, cRow, hOut, H, hard);
    }
  }
  memory.copy(<usize>param(p, P_OUT) + <usize>b0 * H1, wHL, <usize>nb * H1);
  const outSeq = <usize>param(p, P_OUT_SEQ);
  if (outSeq != 0) {
    for (let b = 0; b < nb; b++) {
      const dst = outSeq + <usize>(b0 + b) * seqH;
      memory.copy(dst, wHP + <usize>b * seqH + H1, seqH - H1);
      memory.copy(dst + seqH - H1, wHL + <usize>b * H1, H1);
    }
  }
}

function backwardChunk(p: usize, b0: i32, nb: i32): void {
  const T = param(p, P_STEPS), F = param(p, P_FEATURES), H = param(p, P_UNITS), hard = param(p, P_HARD) != 0;
  const G4 = <usize>H << 4, H1 = <usize>H << 2, F1 = <usize>F << 2;
  const seqG = <usize>T * G4, seqH = <usize>T * H1;
  const rows = nb * T;
  const dy = <usize>param(p, P_DY), dySeq = <usize>param(p, P_DY_SEQ);
  if (dy != 0) memory.copy(wDH, dy + <usize>b0 * H1, <usize>nb * H1);
  else zero(wDH, <usize>nb * <usize>H);
  zero(wDC, <usize>nb * <usize>H);
  const UT = <usize>param(p, P_UT);
  for (let t = T - 1; t >= 0; t--) {
    if (dySeq != 0) {
      for (let b = 0; b < nb; b++) {
        const src = dySeq + <usize>(b0 + b) * seqH + <usize>t * H1, dst = wDH + <usize>b * H1;
        for (let k: usize = 0; k < H1; k += 16) v128.store(dst + k, f32x4.add(v128.load(dst + k), v128.load(src + k)));
      }
    }
    for (let b = 0; b < nb; b++) {
      const cRow = wC + <usize>b * seqH + <usize>t * H1;
      gatesBackward(wG + <usize>b * seqG + <usize>t * G4, t > 0 ? cRow - H1 : wZ, cRow, wDH + <usize>b * H1, wDC + <usize>b * H1, H, hard);
    }
    if (t > 0) gemm(nb, H, 4 * H, wG + <usize>t * G4, seqG, 4, UT, H1, wDH, H1, false);
  }
  const x = <usize>param(p, P_X) + <usize>b0 * <usize>T * F1;
  gemm(F, 4 * H, rows, x, 4, F1, wG, G4, <usize>param(p, P_DW), G4, true);
  gemm(H, 4 * H, rows, wHP, 4, H1, wG, G4, <usize>param(p, P_DU), G4, true);
  const db = <usize>param(p, P_DB);
  for (let r = 0; r < rows; r++) {
    const g = wG + <usize>r * G4;
    for (let k: usize = 0; k < G4; k += 16) v128.store(db + k, f32x4.add(v128.load(db + k), v128.load(g + k)));
  }
  const dx = <usize>param(p, P_DX) + <usize>b0 * <usize>T * F1;
  gemm(rows, F, 4 * H, wG, G4, 4, <usize>param(p, P_WT), F1, dx, F1, false);
}

/** Forward pass over the slice described by the parameter block at `p`; marks the activations as saved
 *  when the slice fits one chunk. */
export function forwardSlice(p: usize): void {
  const nb = param(p, P_BATCH), cb = param(p, P_CHUNK), T = param(p, P_STEPS), H = param(p, P_UNITS);
  layoutWork(<usize>param(p, P_WORK), cb, T, H);
  for (let b0 = 0; b0 < nb; b0 += cb) forwardChunk(p, b0, min(cb, nb - b0));
  store<i32>(p + (<usize>P_SAVED << 2), nb <= cb ? 1 : 0);
}

/** Backward pass over the slice at `p`: writes dx and adds this slice's dW, dU, db into the accumulators
 *  (which the host zeroes). Recomputes the forward pass chunk by chunk unless its activations are saved. */
export function backwardSlice(p: usize): void {
  const nb = param(p, P_BATCH), cb = param(p, P_CHUNK), T = param(p, P_STEPS), H = param(p, P_UNITS);
  layoutWork(<usize>param(p, P_WORK), cb, T, H);
  const saved = param(p, P_SAVED) == 1 && nb <= cb;
  for (let b0 = 0; b0 < nb; b0 += cb) {
    const n = min(cb, nb - b0);
    if (!saved) forwardChunk(p, b0, n);
    backwardChunk(p, b0, n);
  }
}
