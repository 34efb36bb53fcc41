#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for fluxscale's integration test of --executor slurm.
#
#   tooling/slurm/local-cluster.sh up     start munged, slurmctld and slurmd (state under $FLUXSCALE_SLURM_DIR)
#   tooling/slurm/local-cluster.sh down   stop what `up` started (by pid) and remove the state
#   tooling/slurm/local-cluster.sh env    print `export SLURM_CONF=...` for clients
#
# Needs root and Debian's slurmctld, slurmd, slurm-client and munge packages. Uses its own ports
# (16817/16818), its own munge socket and key, and its own slurm.conf (clients find it through
# SLURM_CONF), so it leaves any system Slurm or munge alone.
set -euo pipefail

STATE=${FLUXSCALE_SLURM_DIR:-/tmp/fluxscale-slurm}
CONF=$STATE/slurm.conf

require() {
  for cmd in munged slurmctld slurmd sbatch squeue scontrol; do
    command -v "$cmd" >/dev/null || { echo "local-cluster: $cmd not found (apt-get install slurmctld slurmd slurm-client munge)" >&2; exit 1; }
  done
  [ "$(id -u)" = 0 ] || { echo "local-cluster: must run as root" >&2; exit 1; }
}

write_conf() {
  local host cpus mem
  host=$(hostname -s)
  cpus=$(nproc)
  mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 1024 ))
  cat > "$CONF" <<CONF
ClusterName=fluxscale-local
SlurmctldHost=$host
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
AuthInfo=socket=$STATE/munge.socket
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/spool
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$STATE/slurmctld.log
SlurmdLogFile=$STATE/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MaxArraySize=100000
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
}

wait_for() { # seconds description command...
  local n=$1 what=$2; shift 2
  for _ in $(seq 1 "$((n * 5))"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "local-cluster: $what did not come up; see $STATE/*.log" >&2
  exit 1
}

up() {
  require
  if [ -f "$STATE/slurmctld.pid" ] && kill -0 "$(cat "$STATE/slurmctld.pid")" 2>/dev/null; then
    echo "local-cluster: already up ($STATE)" >&2
    return 0
  fi
  rm -rf "$STATE"
  mkdir -p "$STATE/ctld" "$STATE/spool"
  chmod 700 "$STATE"
  dd if=/dev/urandom of="$STATE/munge.key" bs=1024 count=1 status=none
  chmod 400 "$STATE/munge.key"
  munged --force --key-file="$STATE/munge.key" --socket="$STATE/munge.socket" \
    --pid-file="$STATE/munged.pid" --log-file="$STATE/munged.log" --seed-file="$STATE/munge.seed"
  wait_for 10 munged test -S "$STATE/munge.socket"
  write_conf
  SLURM_CONF=$CONF slurmctld
  wait_for 20 slurmctld env SLURM_CONF="$CONF" scontrol ping
  SLURM_CONF=$CONF slurmd
  wait_for 30 slurmd sh -c "SLURM_CONF='$CONF' sinfo -h -o %T | grep -qE '^(idle|mixed|allocated)'"
  echo "local-cluster: up; export SLURM_CONF=$CONF" >&2
}

down() {
  for daemon in slurmd slurmctld munged; do
    local pidfile=$STATE/$daemon.pid
    if [ -f "$pidfile" ]; then
      local pid; pid=$(cat "$pidfile")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$STATE"
  echo "local-cluster: down" >&2
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  env) echo "export SLURM_CONF=$CONF" ;;
  *) echo "usage: $0 up|down|env" >&2; exit 2 ;;
esac
