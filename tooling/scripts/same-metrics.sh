#!/usr/bin/env bash
# Shows that two revisions compute the same numbers: builds each in a temporary git worktree, runs
# the quick-profile Table 1 on the bundled sample with the same seed, and compares the two
# metrics.csv byte for byte. Exit 0 when they are identical, 1 when they differ.
#
#   tooling/scripts/same-metrics.sh BASE [HEAD]      # HEAD defaults to the working tree
#   e.g. tooling/scripts/same-metrics.sh ed5218e     # before and after a refactor
#
# Each run takes a few minutes on 2 cores (install, build, 709 units).
set -euo pipefail
root=$(git rev-parse --show-toplevel)
base=${1:?usage: same-metrics.sh BASE [HEAD]}
head=${2:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/fluxscale-same-metrics-XXXXXX")
trap 'git -C "$root" worktree remove --force "$work/base" >/dev/null 2>&1 || true; [ -n "$head" ] && git -C "$root" worktree remove --force "$work/head" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

run_table1() { # $1 = checkout, $2 = run directory
  (cd "$1" && pnpm install --frozen-lockfile >/dev/null && pnpm --silent fluxscale experiment table1 --seed 42 --out "$2" >/dev/null)
}

git -C "$root" worktree add --detach "$work/base" "$base" >/dev/null
ln -sfn "$root/../shared" "$work/shared" 2>/dev/null || true
echo "same-metrics: table1 at $base" >&2
run_table1 "$work/base" "$work/run-base"
if [ -n "$head" ]; then
  git -C "$root" worktree add --detach "$work/head" "$head" >/dev/null
  echo "same-metrics: table1 at $head" >&2
  run_table1 "$work/head" "$work/run-head"
else
  echo "same-metrics: table1 in the working tree" >&2
  run_table1 "$root" "$work/run-head"
fi
if cmp -s "$work/run-base/metrics.csv" "$work/run-head/metrics.csv"; then
  echo "same-metrics: identical metrics.csv ($(wc -l < "$work/run-head/metrics.csv") lines)"
else
  echo "same-metrics: metrics.csv differ:" >&2
  diff "$work/run-base/metrics.csv" "$work/run-head/metrics.csv" | head -20 >&2
  exit 1
fi
