#!/bin/bash
# Submit a BoundLab batch run to Slurm: a job array of N shards (batch.sbatch) and a merge job that
# runs when every shard succeeded (merge.sbatch, --dependency=afterok). See scripts/slurm/README.md.
#
#   scripts/slurm/submit.sh -n 16 -c 8 -o results/gd.json [-p partition] [-t 02:00:00] [-m 8G] [-A account]
#                           [-d shard-dir] [-s "module load nodejs/20"] -- guide/gd --runs 256 --K=100000
#
# Prints "array <id>" and "merge <id>". The arguments after -- are checked here first (a dry run of
# shard 1), so a typo fails now with the parameter's message instead of in N array tasks.
set -euo pipefail

usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
shards=4 cpus=4 out="" dir="" partition="" time="" mem="" account="" setup="${BOUNDLAB_SETUP:-}"
while getopts "n:c:o:d:p:t:m:A:s:h" opt; do
  case $opt in
    n) shards=$OPTARG ;; c) cpus=$OPTARG ;; o) out=$OPTARG ;; d) dir=$OPTARG ;;
    p) partition=$OPTARG ;; t) time=$OPTARG ;; m) mem=$OPTARG ;; A) account=$OPTARG ;; s) setup=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ "${1:-}" = "--" ] && shift
[ $# -ge 1 ] && [ -n "$out" ] || usage
[[ $shards =~ ^[1-9][0-9]*$ ]] || { echo "submit.sh: -n must be a positive integer, not '$shards'" >&2; exit 2; }
[[ $cpus =~ ^[1-9][0-9]*$ ]] || { echo "submit.sh: -c must be a positive integer, not '$cpus'" >&2; exit 2; }

if [ -n "$setup" ]; then eval "$setup"; fi
# Fails with the schema's message (exit 2) on a bad experiment or parameter, before anything is created.
(cd "$repo" && node --import tsx scripts/batch/cli.ts "$@" --shard "1/$shards" --out "$out.check.json" --dry-run >/dev/null)

mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
dir=${dir:-${out%.*}.shards}
mkdir -p "$dir/logs"
dir=$(cd "$dir" && pwd)
if compgen -G "$dir/shard-*.json" > /dev/null; then
  echo "submit.sh: $dir already holds shard files; give a fresh -d (the merge takes every shard-*.json there)" >&2
  exit 2
fi

# Passed to the jobs through the environment (--export=ALL), so values may hold spaces and commas.
export BOUNDLAB_DIR=$repo BOUNDLAB_SHARDS=$dir BOUNDLAB_TRACE=$out BOUNDLAB_SETUP=$setup
unset BOUNDLAB_SHARD_COUNT # only for reruns of some shards (README.md); here task k of N is shard k/N
common=(--parsable --export=ALL)
[ -n "$partition" ] && common+=(--partition="$partition")
[ -n "$account" ] && common+=(--account="$account")
[ -n "$mem" ] && common+=(--mem="$mem")
array=(--array="1-$shards" --cpus-per-task="$cpus" --output="$dir/logs/shard-%a.out")
[ -n "$time" ] && array+=(--time="$time")

array_id=$(sbatch "${common[@]}" "${array[@]}" "$here/batch.sbatch" "$@")
array_id=${array_id%%;*}
merge_id=$(sbatch "${common[@]}" --dependency="afterok:$array_id" --kill-on-invalid-dep=yes \
  --output="$dir/logs/merge.out" "$here/merge.sbatch")
merge_id=${merge_id%%;*}
echo "array $array_id"
echo "merge $merge_id"
echo "submit.sh: $shards shards of '$*' → $dir; merged trace → $out (squeue -j $array_id,$merge_id)" >&2
