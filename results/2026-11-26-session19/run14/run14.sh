#!/usr/bin/env bash
# Session 19 run14: grid 4000^2's rare slow BFS (10 -> 18-323 ms in about one in 30-50): 30 iterations
# with BFS_AQ_STATS, two processes, and 30 without, two processes.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 60 --param job_timeout_s=30 --param variants=grosr --iters 30"
for rep in 1 2; do
  timeout 100 ./grosr bench c --out $R/st-$rep $F --param graphs=grid:4000x4000 --param defines=BFS_AQ_STATS=1 > $R/st-$rep.log 2>&1; echo "st $rep rc=$?" >> $R/rc.txt
  timeout 100 ./grosr bench c --out $R/plain-$rep $F --param graphs=grid:4000x4000 > $R/plain-$rep.log 2>&1; echo "plain $rep rc=$?" >> $R/rc.txt
done
rm -rf $R/cache
