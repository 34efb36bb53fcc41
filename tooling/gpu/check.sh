#!/usr/bin/env bash
# Device check of the WebGPU route on a real GPU (an NVIDIA machine such as a 16-core box with an
# H200), from a fresh checkout, in under 10 minutes:
#   1. installs what is missing: Node >= 20.19 and pnpm 10 (through npm), the workspace (pnpm install
#      --frozen-lockfile), Vulkan's loader libvulkan1 (apt, as root); the NVIDIA Vulkan driver (ICD)
#      comes with the NVIDIA driver or container;
#   2. asserts that Dawn finds a hardware adapter;
#   3. runs side by side on the GPU (webgpu backend, fused WGSL LSTM) and on the CPU (wasm backend,
#      fused WebAssembly LSTM kernel) the LSTM training benchmark (window 365, hidden 64, batch 64 and
#      1024; packages/models/bench/gpu.mjs) and the quick Table 1 (fluxscale experiment table1);
#   4. prints one summary line (last line of output) and exits non-zero if a step failed.
#
#   tooling/gpu/check.sh [--allow-software] [--smoke] [--out DIR]
#
#   --allow-software  accept a software adapter (Mesa's lavapipe), to try the script without a GPU
#   --smoke           small sizes: window 30, batches 16 and 64, the tiny end-to-end config
#   --out DIR         directory for the runs and logs (default: a new one under /tmp)
#
# NVIDIA containers: Vulkan needs the driver capability 'graphics' besides 'compute'
# (NVIDIA_DRIVER_CAPABILITIES=all, or compute,utility,graphics); without it nvidia_icd.json is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

allow_software=0
smoke=0
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --allow-software) allow_software=1 ;;
    --smoke) smoke=1 ;;
    --out) out=${2:?--out needs a directory}; shift ;;
    *) echo "gpu-check: unknown option $1 (known: --allow-software, --smoke, --out DIR)" >&2; exit 2 ;;
  esac
  shift
done
out=${out:-$(mktemp -d /tmp/fluxscale-gpu-check.XXXXXX)}
mkdir -p "$out"
out=$(cd "$out" && pwd)

# The summary line is the last line on stdout; progress goes to stderr.
fail() {
  echo "gpu-check: FAIL: $*"
  exit 1
}
step() { echo "gpu-check: $*" >&2; }

# 1. Node >= 20.19 (the 'webgpu' package is an ES module loaded with require), pnpm 10, the workspace.
node_ok() { command -v node >/dev/null && node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; }
if ! node_ok; then
  command -v npm >/dev/null || fail "Node >= 20.19 is needed and there is no npm to install it with"
  step "installing Node 20 with npm (package 'node')"
  npm install -g node@20 >/dev/null
  hash -r
  node_ok || fail "Node >= 20.19 is needed; found $(node --version 2>/dev/null || echo none)"
fi
if ! pnpm --version 2>/dev/null | grep -q '^10\.'; then
  step "installing pnpm 10 with npm"
  npm install -g pnpm@10 >/dev/null
  hash -r
fi
step "node $(node --version), pnpm $(pnpm --version)"
pnpm install --frozen-lockfile >"$out/install.log" 2>&1 || fail "pnpm install failed (see $out/install.log)"

# Vulkan's loader, and (for a GPU) the NVIDIA ICD.
if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1'; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    step "installing libvulkan1"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libvulkan1 >/dev/null
  else
    fail "Vulkan's loader libvulkan.so.1 is missing; install libvulkan1 (needs root)"
  fi
fi
icds=()
shopt -s nullglob
IFS=: read -r -a listed <<<"${VK_DRIVER_FILES:-}:${VK_ICD_FILENAMES:-}"
for dir in "${listed[@]}" /etc/vulkan/icd.d /usr/share/vulkan/icd.d /usr/local/share/vulkan/icd.d; do
  if [ -f "$dir" ]; then icds+=("$dir"); elif [ -d "$dir" ]; then icds+=("$dir"/*.json); fi
done
shopt -u nullglob
nvidia_icd=$(printf '%s\n' "${icds[@]}" | grep -i nvidia | head -1 || true)
if command -v nvidia-smi >/dev/null; then step "nvidia-smi: $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | head -1)"; fi
if [ -z "$nvidia_icd" ] && [ "$allow_software" = 0 ]; then
  fail "no NVIDIA Vulkan ICD (nvidia_icd.json) in /etc/vulkan/icd.d or /usr/share/vulkan/icd.d: in a container, add the driver capability 'graphics' (NVIDIA_DRIVER_CAPABILITIES=all)"
fi
step "Vulkan ICDs: ${icds[*]:-none}"

# 2. Build, and the adapter Dawn finds.
pnpm exec turbo run build --filter=@fluxscale/cli... --output-logs=errors-only >"$out/build.log" 2>&1 || fail "build failed (see $out/build.log)"
probe=$(node -e 'process.stdout.write(JSON.stringify(require("./packages/models/dist/index.js").probeWebGpu()))')
adapter=$(node -e '
  const p = JSON.parse(process.argv[1]);
  if ("reason" in p) { console.log(`none: ${p.reason}`); process.exit(1); }
  const { adapterLabel } = require("./packages/models/dist/index.js");
  console.log(`${adapterLabel(p.adapter)}${p.adapter.software ? " [software]" : ""}`);
  process.exit(p.adapter.software ? 3 : 0);
' "$probe") || {
  code=$?
  [ "$code" = 3 ] && [ "$allow_software" = 1 ] || fail "WebGPU adapter: $adapter${nvidia_icd:+ (NVIDIA ICD $nvidia_icd present: is its library, e.g. libGLX_nvidia.so.0, mounted?)}"
}
step "WebGPU adapter: $adapter"

# 3a. LSTM training benchmark: webgpu (WGSL) against wasm (fused WebAssembly kernel).
bench_args=(--window 365 --batches 64,1024 --train-batches 8)
[ "$smoke" = 1 ] && bench_args=(--window 30 --batches 16,64 --train-batches 2)
[ "$allow_software" = 1 ] && bench_args+=(--allow-software)
step "LSTM benchmark: node packages/models/bench/gpu.mjs ${bench_args[*]}"
timeout 240 node packages/models/bench/gpu.mjs "${bench_args[@]}" >"$out/bench.out" 2>"$out/bench.log" || fail "LSTM benchmark failed (see $out/bench.log)"
tail -1 "$out/bench.out" >"$out/bench.json"

# 3b. Table 1 on each backend (wall time, exit status, metrics).
config=()
[ "$smoke" = 1 ] && config=(--config apps/experiments/test/fixtures/tiny.yaml)
declare -A seconds
for backend in webgpu wasm; do
  step "table1 --backend $backend ${config[*]}"
  start=$(date +%s)
  timeout 240 node apps/experiments/dist/cli.js experiment table1 --backend "$backend" "${config[@]}" --out "$out/table1-$backend" \
    >"$out/table1-$backend.out" 2>"$out/table1-$backend.log" || fail "table1 --backend $backend failed or timed out (see $out/table1-$backend.log)"
  seconds[$backend]=$(( $(date +%s) - start ))
done

# 4. One summary line.
node -e '
  const fs = require("node:fs");
  const [out, adapter, gpuSeconds, cpuSeconds] = process.argv.slice(1);
  const bench = JSON.parse(fs.readFileSync(`${out}/bench.json`, "utf8"));
  const metrics = (b) => {
    const [head, ...rows] = fs.readFileSync(`${out}/table1-${b}/metrics.csv`, "utf8").trim().split("\n");
    const names = head.split(",");
    return rows.map((r) => Object.fromEntries(r.split(",").map((v, i) => [names[i], v])));
  };
  const gpu = metrics("webgpu"), cpu = metrics("wasm");
  let diff = 0;
  cpu.forEach((row, i) => {
    for (const [k, v] of Object.entries(row)) {
      const a = Number(v), b = Number(gpu[i]?.[k]);
      if (v !== "" && Number.isFinite(a)) diff = Math.max(diff, Math.abs(a - b) / Math.max(1, Math.abs(a)));
    }
  });
  const rate = (v) => (v >= 100 ? v.toFixed(0) : v.toPrecision(3));
  const lstm = bench.rows.filter((r) => r.case.startsWith("lstm-train"))
    .map((r) => `${r.case.split("-").pop()} ${rate(r.ours)} vs ${rate(r.peer)} samples/s (${r.speedup.toFixed(2)}x)`).join(", ");
  const rows = gpu.length === cpu.length ? `${cpu.length} metric rows` : `metric rows ${gpu.length} vs ${cpu.length}`;
  console.log(`gpu-check: PASS adapter ${adapter}; LSTM train (window ${bench.window}, hidden 64) webgpu vs wasm-fused: ${lstm}; table1 webgpu ${gpuSeconds} s vs wasm ${cpuSeconds} s, ${rows}, max relative metric difference ${diff.toExponential(1)}; logs ${out}`);
' "$out" "$adapter" "${seconds[webgpu]}" "${seconds[wasm]}"
