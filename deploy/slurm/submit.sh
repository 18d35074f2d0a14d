#!/usr/bin/env bash
# Submits a sharded ccplan run or sweep to Slurm: a job array of SHARDS tasks, each writing
# one part into PARTS, and a merge job that waits for all of them (afterok) and writes OUT.
#
#   deploy/slurm/submit.sh SHARDS PARTS OUT run|sweep SCENARIO [FLAGS...]
#   deploy/slurm/submit.sh 20 /shared/parts /shared/year run tender.yaml --replications 200
#
# Prints the array's job id and the merge's. PARTS and OUT must be on a file system every
# node sees; PARTS should hold no parts of another job. $CCPLAN names the binary (default
# `ccplan` on the PATH); set SBATCH_PARTITION, SBATCH_ACCOUNT, … for your site.
set -euo pipefail
if [ "$#" -lt 5 ]; then
    sed -n '2,11p' "$0" >&2
    exit 2
fi
shards=$1 parts=$2 out=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
case "$shards" in '' | *[!0-9]* | 0) echo "SHARDS must be a whole number from 1: $shards" >&2; exit 2 ;; esac
mkdir -p "$parts"
parts=$(cd "$parts" && pwd)
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
array=$(sbatch --parsable --array="0-$((shards - 1))" --export="ALL,PARTS=$parts" \
    "$here/shards.sbatch" "$@")
array=${array%%;*}
merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes \
    --export="ALL,PARTS=$parts,OUT=$out" "$here/merge.sbatch")
merge=${merge%%;*}
echo "$array $merge"
