#!/usr/bin/env bash
# A one-machine Slurm cluster for the tests of `mnemo slurm` (Debian 12: Slurm 22.05), as root.
# Idempotent: installs only what is missing, rewrites slurm.conf only when it changes, starts only
# the daemons that are not running, and returns once `sinfo` shows this node idle.
#   .ci/slurm-up.sh            set up and start
# No systemd is assumed (containers, CI VMs): the daemons are started directly.
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
# A daemon runs when the process its pid file names is alive.
running() { local pidfile=$1; [ -s "$pidfile" ] && as_root kill -0 "$(cat "$pidfile")" 2>/dev/null; }
started=$(date +%s)

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  echo "slurm-up: installing slurmctld slurmd slurm-client munge" >&2
  as_root apt-get update -qq
  # policy-rc.d stops the packages' scripts from starting daemons with a default config.
  as_root env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq --no-install-recommends \
    slurmctld slurmd slurm-client munge >/dev/null
fi

# ---- munge: the key is made on install; the daemon authenticates every Slurm message
if [ ! -s /etc/munge/munge.key ]; then
  as_root mungekey --create --keyfile=/etc/munge/munge.key
  as_root chown munge:munge /etc/munge/munge.key
  as_root chmod 400 /etc/munge/munge.key
fi
as_root install -d -o munge -g munge -m 0755 /run/munge
running /run/munge/munged.pid || as_root runuser -u munge -- /usr/sbin/munged

# ---- slurm.conf: this host is controller and only compute node
host=$(hostname -s)
# slurmctld and slurmd find each other by this name.
if ! getent hosts "$host" >/dev/null; then
  echo "slurm-up: $host does not resolve; adding '127.0.1.1 $host' to /etc/hosts" >&2
  echo "127.0.1.1 $host" | as_root tee -a /etc/hosts >/dev/null
fi
cpus=$(nproc)
# slurmd drains a node that declares more memory than it has: declare 90% of it.
mem_mb=$(awk '/^MemTotal:/ { print int($2 / 1024 * 0.9) }' /proc/meminfo)
conf=$(cat <<EOF
# Written by mnemo's .ci/slurm-up.sh: a one-machine cluster for tests.
ClusterName=mnemo-ci
SlurmctldHost=$host
AuthType=auth/munge
# A requeued job waits cred_expire seconds before it may start again (default 120).
AuthInfo=cred_expire=5
CryptoType=crypto/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
SlurmUser=slurm
SlurmdUser=root
StateSaveLocation=/var/lib/slurm/slurmctld
SlurmdSpoolDir=/var/lib/slurm/slurmd
SlurmctldPidFile=/run/slurm/slurmctld.pid
SlurmdPidFile=/run/slurm/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
# Short waits: tests submit, signal and requeue jobs and wait for them.
SchedulerParameters=sched_interval=2,bf_interval=2
MessageTimeout=10
KillWait=30
MinJobAge=300
NodeName=$host CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
)
as_root install -d /etc/slurm
changed=0
if [ ! -f /etc/slurm/slurm.conf ] || [ "$(cat /etc/slurm/slurm.conf)" != "$conf" ]; then
  printf '%s\n' "$conf" | as_root tee /etc/slurm/slurm.conf >/dev/null
  changed=1
fi
as_root install -d -o slurm -g slurm -m 0755 /var/lib/slurm/slurmctld /var/log/slurm /run/slurm
as_root install -d -m 0755 /var/lib/slurm/slurmd

# Some settings (AuthInfo) are read only at start: a changed config restarts the daemons, by pid file.
stop() {
  local pidfile=/run/slurm/$1.pid
  [ -s "$pidfile" ] || return 0
  local pid; pid=$(cat "$pidfile")
  as_root kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 30); do as_root kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
}
if [ "$changed" = 1 ] && { running /run/slurm/slurmctld.pid || running /run/slurm/slurmd.pid; }; then
  echo "slurm-up: slurm.conf changed; restarting slurmctld and slurmd" >&2
  stop slurmd; stop slurmctld
fi
running /run/slurm/slurmctld.pid || as_root runuser -u slurm -- /usr/sbin/slurmctld
running /run/slurm/slurmd.pid || as_root /usr/sbin/slurmd

# ---- wait until the node takes jobs (a node left down or drained by an earlier run is resumed)
for _ in $(seq 60); do
  state=$(sinfo -h -n "$host" -o %T 2>/dev/null | head -1 || true)
  case "$state" in
    idle|mixed|allocated) echo "slurm-up: node $host $state ($cpus CPUs, ${mem_mb} MB) after $(( $(date +%s) - started )) s" >&2; exit 0 ;;
    down*|drain*|drained*) as_root scontrol update NodeName="$host" State=RESUME 2>/dev/null || true ;;
  esac
  sleep 1
done
echo "slurm-up: node $host did not become idle (state '${state:-none}'); see /var/log/slurm/" >&2
exit 1
