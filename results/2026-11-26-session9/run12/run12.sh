#!/usr/bin/env bash
# Session 9 run12: async BFS with BFS_PROF counters; the runtime at 1 block per SM (fewer worker warps).
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
F="--watchdog-s 30 --param job_timeout_s=20"
for g in grid:1000x1000 rgg:1000000 grid:4000x4000; do
timeout 60 ./grosr bench c --iters 1 --out $R/prof-${g%%:*}-${g#*:} $F --param graphs=$g --param variants=grosr --param defines=BFS_PROF=1 > $R/prof-${g%%:*}-${g#*:}.log 2>&1; echo "prof $g rc=$?" >> $R/rc.txt
done
timeout 120 ./grosr bench c --iters 5 --out $R/b132 $F --param graphs=grid:1000x1000,rgg:1000000,grid:4000x4000 --param variants=grosr --param blocks=132 > $R/b132.log 2>&1; echo "b132 rc=$?" >> $R/rc.txt
