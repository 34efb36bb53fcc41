// Fused whole-sequence LSTM kernels (forward and backpropagation through time) on float32, WebAssembly SIMD.
//
// All buffers live in one (possibly shared) linear memory and are addressed by byte pointers handed in by the
// host through a parameter block of i32 words (see the P_* offsets). Layouts (row-major, float32):
//   x [nb, T, F]   W [F, 4H]   U [H, 4H]   b [4H]   UT = Uᵀ [4H, H]   WT = Wᵀ [4H, F]
// with gate blocks in Keras order i, f, c (candidate), o. The training pass starts from given states h_0, c_0
// [nb, H] (zeros when their pointers are 0) and can hand back c_T; no gradient flows to h_0 or c_0. F and H must be multiples of 4 (the host pads them
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
const P_PACKED = 22; // inference: [bias; W; U] packed per group of 4 units, [H/4][1 + F + H][16]
const P_H0 = 23; // initial hidden states [nb, H] or 0 (zeros)
const P_C0 = 24; // initial cell states [nb, H] or 0 (zeros)
const P_CT = 25; // receives the last cell states c_T [nb, H], or 0

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
// Vector activations. The loops call them (and the gate helpers below) through inline.always(…), which inlines
// the whole call tree: a call would spill the live registers, and the stack setup of a v128 function costs more
// than the math (inlining made the gate math ~2× faster). exp: Cody–Waite range reduction with n = round(x·log2 e)
// taken from the low mantissa bits of x·log2 e + 1.5·2²³ + 127 (which also give the exponent of 2ⁿ), and a
// degree-5 polynomial (least-squares fit to the minimax relative error on [−ln2/2, ln2/2], 1e-7) evaluated in
// Estrin's scheme (short dependency chains); relative error ~2e-7 in float32.
// Clamps use pmin/pmax, single instructions (the NaN-propagating min/max take several).

function vexp(x: v128): v128 {
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-87.0)), f32x4.splat(88.0));
  const j = f32x4.add(f32x4.mul(x, f32x4.splat(1.44269504)), f32x4.splat(12583039.0));
  const n = f32x4.sub(j, f32x4.splat(12583039.0));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  const r2 = f32x4.mul(r, r);
  const low = f32x4.add(f32x4.mul(r, f32x4.splat(0.16667114198207855)), f32x4.splat(0.499992311000824));
  const high = f32x4.add(f32x4.mul(r, f32x4.splat(0.008312525227665901)), f32x4.splat(0.041890114545822144));
  const y = f32x4.add(f32x4.add(r, f32x4.splat(1.0)), f32x4.mul(r2, f32x4.add(low, f32x4.mul(r2, high))));
  return f32x4.mul(y, i32x4.shl(j, 23));
}

function vsigmoid(x: v128): v128 {
  const one = f32x4.splat(1.0);
  return f32x4.div(one, f32x4.add(one, vexp(f32x4.neg(x))));
}

function vhardSigmoid(x: v128): v128 {
  const y = f32x4.add(f32x4.mul(x, f32x4.splat(0.2)), f32x4.splat(0.5));
  return f32x4.pmin(f32x4.pmax(y, f32x4.splat(0.0)), f32x4.splat(1.0));
}

// tanh(x) = 2·σ(2x) − 1 (absolute error ~1e-7).
function vtanh(x: v128): v128 {
  const e = vexp(f32x4.mul(x, f32x4.splat(-2.0)));
  return f32x4.sub(f32x4.div(f32x4.splat(2.0), f32x4.add(f32x4.splat(1.0), e)), f32x4.splat(1.0));
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

// The cell state c_t = f·c_{t-1} + i·c̃ and the hidden state h_t = o·tanh(c_t) from the gate activations,
// shared by the training and the forward-only pass so that both round alike.
function cellState(i: v128, f: v128, cc: v128, cPrev: v128): v128 {
  return f32x4.add(f32x4.mul(f, cPrev), f32x4.mul(i, cc));
}

function hiddenState(o: v128, c: v128): v128 {
  return f32x4.mul(o, vtanh(c));
}

// One time step of the gate math for one sequence: g holds the 4H pre-activations and receives the
// activations; writes c_t and h_t.
function gatesForward(g: usize, cPrev: usize, cOut: usize, hOut: usize, H: i32, hard: bool): void {
  const gs = <usize>H << 2;
  for (let k: usize = 0; k < gs; k += 16) {
    const i = inline.always(vgate(v128.load(g + k), hard));
    const f = inline.always(vgate(v128.load(g + gs + k), hard));
    const cc = inline.always(vtanh(v128.load(g + 2 * gs + k)));
    const o = inline.always(vgate(v128.load(g + 3 * gs + k), hard));
    v128.store(g + k, i); v128.store(g + gs + k, f); v128.store(g + 2 * gs + k, cc); v128.store(g + 3 * gs + k, o);
    const c = inline.always(cellState(i, f, cc, v128.load(cPrev + k)));
    v128.store(cOut + k, c);
    v128.store(hOut + k, inline.always(hiddenState(o, c)));
  }
}

// One time step of the gate gradients for one sequence: g holds the activations and receives the
// gradients of the pre-activations; dh is dL/dh_t, dc carries dL/dc_t in and dL/dc_{t-1} out.
function gatesBackward(g: usize, cPrev: usize, c: usize, dh: usize, dc: usize, H: i32, hard: bool): void {
  const gs = <usize>H << 2;
  const one = f32x4.splat(1.0);
  for (let k: usize = 0; k < gs; k += 16) {
    const i = v128.load(g + k), f = v128.load(g + gs + k), cc = v128.load(g + 2 * gs + k), o = v128.load(g + 3 * gs + k);
    const tc = inline.always(vtanh(v128.load(c + k)));
    const dhv = v128.load(dh + k);
    const dcv = f32x4.add(v128.load(dc + k), f32x4.mul(f32x4.mul(dhv, o), f32x4.sub(one, f32x4.mul(tc, tc))));
    v128.store(g + k, f32x4.mul(f32x4.mul(dcv, cc), inline.always(vgateSlope(i, hard))));
    v128.store(g + gs + k, f32x4.mul(f32x4.mul(dcv, v128.load(cPrev + k)), inline.always(vgateSlope(f, hard))));
    v128.store(g + 2 * gs + k, f32x4.mul(f32x4.mul(dcv, i), f32x4.sub(one, f32x4.mul(cc, cc))));
    v128.store(g + 3 * gs + k, f32x4.mul(f32x4.mul(dhv, tc), inline.always(vgateSlope(o, hard))));
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

// c_0 of sequence b of the slice at `p`: its row of the initial cell states, or the zero row.
function initialCell(p: usize, b: i32, H1: usize): usize {
  const c0 = <usize>param(p, P_C0);
  return c0 != 0 ? c0 + <usize>b * H1 : wZ;
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
  const h0 = <usize>param(p, P_H0);
  for (let b = 0; b < nb; b++) {
    if (h0 != 0) memory.copy(wHP + <usize>b * seqH, h0 + <usize>(b0 + b) * H1, H1);
    else zero(wHP + <usize>b * seqH, H);
  }
  for (let t = 0; t < T; t++) {
    if (t > 0 || h0 != 0) gemm(nb, 4 * H, H, wHP + <usize>t * H1, seqH, 4, U, G4, wG + <usize>t * G4, seqG, true);
    for (let b = 0; b < nb; b++) {
      const cRow = wC + <usize>b * seqH + <usize>t * H1;
      const hOut = t + 1 < T ? wHP + <usize>b * seqH + <usize>(t + 1) * H1 : wHL + <usize>b * H1;
      gatesForward(wG + <usize>b * seqG + <usize>t * G4, t > 0 ? cRow - H1 : initialCell(p, b0 + b, H1), cRow, hOut, H, hard);
    }
  }
  memory.copy(<usize>param(p, P_OUT) + <usize>b0 * H1, wHL, <usize>nb * H1);
  const cT = <usize>param(p, P_CT);
  if (cT != 0) {
    for (let b = 0; b < nb; b++) memory.copy(cT + <usize>(b0 + b) * H1, wC + <usize>b * seqH + <usize>(T - 1) * H1, H1);
  }
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
      gatesBackward(wG + <usize>b * seqG + <usize>t * G4, t > 0 ? cRow - H1 : initialCell(p, b0 + b, H1), cRow, wDH + <usize>b * H1, wDC + <usize>b * H1, H, hard);
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

// ---------------------------------------------------------------------------------------------------------
// Forward-only pass (inference): nothing is kept for backpropagation. The host packs bias, W and U per group of
// 4 units into blocks of rows of 16 values — the 4 units' i, f, c, o weights side by side — so that a register
// tile of 2 sequences × 16 columns holds all four pre-activations of 4 units: the input projection and the
// recurrent product run together, from x and h_{t-1} in place. Per step and group of units the pre-activations
// of all sequences go to a small buffer that stays in the L1 cache, then two vector loops apply the gates: their
// iterations are independent, so the long activation chains of several sequences overlap. Only c and h
// (double-buffered, or the output sequence) of the current step are stored. Sums run in the training pass's
// order (bias, x·W, h·U) with the same activations, so both passes give the same output.

// Sequences that go through all steps together: their h, c and pre-activations (~26 KiB for 64 units) stay in
// the L1 cache next to the weights of one group of units.
const INFER_BLOCK = 32;

/** Bytes of work memory the forward-only pass needs for `nb` sequences of H (padded) units. */
export function inferWorkBytes(nb: i32, H: i32): usize {
  const n = <usize>min(nb, INFER_BLOCK);
  return 3 * (n * <usize>H << 2) + (n << 6);
}

// Pre-activations of 4 units (packed block w) for sequences 0 and 1 of a pair (the same one twice for an odd
// tail), stored as 16 values (i, f, c, o of the 4 units) at p0 and p1. x0/x1: x_t rows, h0/h1: h_{t-1} rows
// (not read at t = 0, where h_{t-1} = 0).
function preactivationPair(F: i32, H: i32, w: usize, x0: usize, x1: usize, h0: usize, h1: usize, p0: usize, p1: usize, first: bool): void {
  let i0 = v128.load(w), f0 = v128.load(w, 16), g0 = v128.load(w, 32), o0 = v128.load(w, 48);
  let i1 = i0, f1 = f0, g1 = g0, o1 = o0;
  let a = x0, b = x1, n = F;
  for (let part = 0; part < 2; part++) {
    for (let k = 0; k < n; k++) {
      w += 64;
      const w0 = v128.load(w), w1 = v128.load(w, 16), w2 = v128.load(w, 32), w3 = v128.load(w, 48);
      const s = v128.load32_splat(a), r = v128.load32_splat(b);
      i0 = f32x4.add(i0, f32x4.mul(s, w0)); f0 = f32x4.add(f0, f32x4.mul(s, w1));
      g0 = f32x4.add(g0, f32x4.mul(s, w2)); o0 = f32x4.add(o0, f32x4.mul(s, w3));
      i1 = f32x4.add(i1, f32x4.mul(r, w0)); f1 = f32x4.add(f1, f32x4.mul(r, w1));
      g1 = f32x4.add(g1, f32x4.mul(r, w2)); o1 = f32x4.add(o1, f32x4.mul(r, w3));
      a += 4; b += 4;
    }
    a = h0; b = h1; n = first ? 0 : H;
  }
  v128.store(p0, i0); v128.store(p0, f0, 16); v128.store(p0, g0, 32); v128.store(p0, o0, 48);
  v128.store(p1, i1); v128.store(p1, f1, 16); v128.store(p1, g1, 32); v128.store(p1, o1, 48);
}

// Gates of one group of 4 units for `nb` sequences: pre holds their pre-activations (16 values per sequence),
// cells their c_{t-1} (rows of cRow bytes), updated to c_t; h_t goes to hOut (rows of hRow bytes). The first
// loop leaves o in place of i.
function groupGates(nb: i32, pre: usize, cells: usize, cRow: usize, hOut: usize, hRow: usize, hard: bool): void {
  for (let b: usize = 0; b < <usize>nb; b++) {
    const g = pre + (b << 6), c = cells + b * cRow;
    v128.store(c, inline.always(cellState(inline.always(vgate(v128.load(g), hard)), inline.always(vgate(v128.load(g, 16), hard)), inline.always(vtanh(v128.load(g, 32))), v128.load(c))));
    v128.store(g, inline.always(vgate(v128.load(g, 48), hard)));
  }
  for (let b: usize = 0; b < <usize>nb; b++) {
    v128.store(hOut + b * hRow, inline.always(hiddenState(v128.load(pre + (b << 6)), v128.load(cells + b * cRow))));
  }
}

// Forward-only pass over sequences b0 … b0 + nb − 1 of the slice at `p`.
function inferBlock(p: usize, b0: i32, nb: i32): void {
  const T = param(p, P_STEPS), F = param(p, P_FEATURES), H = param(p, P_UNITS), hard = param(p, P_HARD) != 0;
  const H1 = <usize>H << 2, F1 = <usize>F << 2, xRow = <usize>T * F1, block = <usize>(1 + F + H) << 6;
  const x = <usize>param(p, P_X) + <usize>b0 * xRow, packed = <usize>param(p, P_PACKED);
  const outSeq = param(p, P_OUT_SEQ) != 0 ? <usize>param(p, P_OUT_SEQ) + <usize>b0 * <usize>T * H1 : 0;
  const work = <usize>param(p, P_WORK), hBytes = <usize>nb * H1;
  const cells = work + 2 * hBytes, pre = cells + hBytes;
  zero(cells, <usize>nb * <usize>H);
  // h_t of sequence b lives at hBase(t) + b·hRow: in the output sequence when there is one, else in two
  // alternating buffers.
  const hRow = outSeq != 0 ? <usize>T * H1 : H1;
  for (let t = 0; t < T; t++) {
    const hPrev = outSeq != 0 ? outSeq + <usize>(t - 1) * H1 : work + <usize>((t + 1) & 1) * hBytes;
    const hNext = outSeq != 0 ? outSeq + <usize>t * H1 : work + <usize>(t & 1) * hBytes;
    const xt = x + <usize>t * F1;
    for (let u: usize = 0; u < H1; u += 16) {
      const w = packed + (u >> 4) * block;
      for (let b = 0; b < nb; b += 2) {
        const r0 = <usize>b, r1 = <usize>min(b + 1, nb - 1);
        preactivationPair(F, H, w, xt + r0 * xRow, xt + r1 * xRow, hPrev + r0 * hRow, hPrev + r1 * hRow, pre + (r0 << 6), pre + (r1 << 6), t == 0);
      }
      inline.always(groupGates(nb, pre, cells + u, H1, hNext + u, hRow, hard));
    }
  }
  if (outSeq == 0) memory.copy(<usize>param(p, P_OUT) + <usize>b0 * H1, work + <usize>((T - 1) & 1) * hBytes, hBytes);
}

/** Forward-only pass over the slice at `p` (inference), INFER_BLOCK sequences at a time: writes h_T, or every
 *  h_t when an output sequence is given, with inferWorkBytes(batch, units) of work memory and no saved
 *  activations. */
export function inferSlice(p: usize): void {
  const nb = param(p, P_BATCH);
  for (let b0 = 0; b0 < nb; b0 += INFER_BLOCK) inferBlock(p, b0, min(INFER_BLOCK, nb - b0));
}
