#!/usr/bin/env bash
# A real Slurm, on this machine: installs Slurm and munge from Debian's packages (when
# missing), starts a one-node cluster by hand (no systemd), submits a sharded run with the
# recipe in deploy/slurm (a job array, then a merge job depending on it), waits, and checks
# that the merged folder is byte for byte what one `ccplan run` writes. Every daemon it
# starts is stopped on the way out, whatever happens; state, spool and logs live in a
# temporary folder that is removed. Needs root (to install, and as SlurmUser).
#
#   .ci/slurm-test.sh            # uses target/debug/ccplan (built if missing)
#   CCPLAN=/path/to/ccplan .ci/slurm-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
started=$(date +%s)
say() { echo "== slurm: $* ($(($(date +%s) - started)) s)"; }

if [ "$(id -u)" != 0 ]; then
    echo "slurm-test: needs root (installs packages, runs Slurm as root)" >&2
    exit 1
fi

if [ -z "${CCPLAN:-}" ]; then
    CCPLAN=$repo/target/debug/ccplan
    [ -x "$CCPLAN" ] || cargo build --locked --quiet --bin ccplan
fi
export CCPLAN

# --- install -------------------------------------------------------------------------------
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null ||
    ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    # Package lists first only when the packages cannot be found without them.
    if ! apt-get install -y -q --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null; then
        apt-get update -q >/dev/null
        apt-get install -y -q --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null
    fi
    say "installed slurmctld, slurmd, slurm-client and munge"
fi

work=$(mktemp -d /tmp/ccplan-slurm.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
    local status=$?
    # Daemons this script started, newest first; nothing else is touched.
    # runuser passes the signal on to munged; its pid file is read too, to be sure.
    if [ -f "$work/munge/munged.pid" ]; then
        pids+=("$(cat "$work/munge/munged.pid")")
    fi
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
        kill "${pids[i]}" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    if [ "$status" != 0 ] && [ -d "$work" ]; then
        for log in "$work"/*.log "$work"/run/*.out; do
            [ -f "$log" ] && { echo "--- $log"; tail -n 30 "$log"; }
        done
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- munge ---------------------------------------------------------------------------------
# A munged already answering (the machine's own) is used as it is; else one is started
# with a fresh key, as the munge user, and stopped at the end.
if ! munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
    install -d -o munge -g munge -m 0755 /run/munge
    install -d -o munge -g munge -m 0700 "$work/munge"
    key=$work/munge/munge.key
    dd if=/dev/urandom of="$key" bs=1024 count=1 status=none
    chown munge:munge "$key"
    chmod 0400 "$key"
    runuser -u munge -- munged --foreground --key-file="$key" \
        --log-file="$work/munge/munged.log" --seed-file="$work/munge/munged.seed" \
        --pid-file="$work/munge/munged.pid" >"$work/munged.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 50); do
        munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1 && break
        sleep 0.1
    done
    munge -n </dev/null | unmunge >/dev/null
    say "munged started"
fi

# --- slurm ---------------------------------------------------------------------------------
host=$(hostname -s)
# The node's CPUs, boards, sockets, cores, threads and memory as slurmd sees them.
node=$(slurmd -C | head -n 1 | sed 's/^NodeName=[^ ]* //')
mkdir -p "$work/state" "$work/spool" "$work/run"
export SLURM_CONF=$work/slurm.conf
cat >"$SLURM_CONF" <<CONF
ClusterName=ccplan-ci
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
# Without it every scheduling pass of a batch job waits 3 s.
SchedulerParameters=batch_sched_delay=0
# Finished jobs stay visible to scontrol (there is no accounting for sacct).
MinJobAge=600
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 $node State=UNKNOWN
PartitionName=ci Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
# In the foreground (-D), so that their ids are known and they are stopped at the end.
slurmctld -D -i -f "$SLURM_CONF" >"$work/slurmctld.out.log" 2>&1 &
pids+=($!)
slurmd -D -N "$host" -f "$SLURM_CONF" >"$work/slurmd.out.log" 2>&1 &
pids+=($!)
for _ in $(seq 300); do
    state=$(sinfo -h -N -o '%T' 2>/dev/null | head -n 1 || true)
    [ "$state" = idle ] && break
    sleep 0.1
done
[ "$state" = idle ] || { echo "slurm-test: the node did not become idle (state '$state')" >&2; exit 1; }
say "slurmctld and slurmd up, node $host idle"

# --- the job -------------------------------------------------------------------------------
scenario=$repo/scenarios/minimal.yaml
flags=(--replications 6)
shards=3
cd "$work/run"
ids=$("$repo/deploy/slurm/submit.sh" "$shards" "$work/parts" "$work/merged" \
    run "$scenario" "${flags[@]}")
read -r array merge <<<"$ids"
say "submitted array job $array ($shards shards) and merge job $merge (afterok)"

job_state() { scontrol show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 | sort -u | tr '\n' ' '; }
deadline=$(($(date +%s) + 600))
# `sbatch --wait` is slow to notice the end; squeue is polled instead.
while squeue -h --jobs="$array,$merge" --states=PD,CF,R,CG,S 2>/dev/null | grep -q .; do
    if [ "$(date +%s)" -gt "$deadline" ]; then
        echo "slurm-test: jobs still queued after 600 s" >&2
        squeue >&2 || true
        exit 1
    fi
    sleep 0.2
done
array_states=$(job_state "$array")
merge_state=$(job_state "$merge")
say "array: $array_states; merge: $merge_state"
[ "$array_states" = "COMPLETED " ] || { echo "slurm-test: array tasks ended $array_states" >&2; exit 1; }
[ "$merge_state" = "COMPLETED " ] || { echo "slurm-test: merge job ended $merge_state" >&2; exit 1; }
[ "$(ls "$work/parts" | wc -l)" = "$shards" ] || { echo "slurm-test: expected $shards parts" >&2; exit 1; }

# --- the same run in one process -----------------------------------------------------------
"$CCPLAN" run "$scenario" "${flags[@]}" --out "$work/one" --quiet >/dev/null
if ! diff -r "$work/one" "$work/merged" >/dev/null; then
    echo "slurm-test: the merged folder differs from one process's:" >&2
    diff -rq "$work/one" "$work/merged" >&2 || true
    exit 1
fi
say "merged folder identical to one process's, $(find "$work/one" -type f | wc -l) files"
