#!/usr/bin/env bash
# `pnpm test:slurm`: brings up the one-node Slurm cluster of tooling/slurm/local-cluster.sh, runs the
# integration test apps/experiments/test/slurm.itest.ts against it, and takes the cluster down again.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cluster="$root/tooling/slurm/local-cluster.sh"
"$cluster" up || exit 1
trap '"$cluster" down' EXIT
eval "$("$cluster" env)"
pnpm --dir "$root" exec turbo run build --filter=@fluxscale/cli... --output-logs=errors-only || exit 1
cd "$root/apps/experiments" && pnpm exec jest --testMatch '**/test/slurm.itest.ts'
