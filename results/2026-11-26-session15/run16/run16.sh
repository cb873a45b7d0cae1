#!/usr/bin/env bash
# Session 15 run16 (final build): compute-sanitizer memcheck and racecheck over a grosr BFS that takes
# the barrier mode (rgg 20,000; BFS_PROF=1 prints the mode's counters, proving it ran), and over the
# same BFS with BFS_BAR_KEEP=1 (spills); validated against the CPU as always.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
CS=$(ls /usr/local/cuda*/bin/compute-sanitizer 2>/dev/null | head -1)
F="--param graphs=rgg:20000 --param variants=grosr --iters 1 --watchdog-s 200 --param job_timeout_s=100"
for tool in memcheck racecheck; do
for d in BFS_PROF=1 BFS_PROF=1+BFS_BAR_KEEP=1; do
n=$tool-${d//[=+]/_}
GROSR_LINEINFO=1 timeout 140 "$CS" --tool $tool --report-api-errors no ./grosr bench c --out $R/$n $F --param defines=$d > $R/$n.log 2>&1; echo "$n rc=$?" >> $R/rc.txt
done; done
rm -rf $R/cache
