#!/usr/bin/env bash
# Session 18 run8: what the slow grid 1000^2 BFSs do differently (run6: 3.4-4.6 ms within one
# process): BFS_AQ_STATS (counters in registers, no effect on the steps) in four processes.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 30 --param job_timeout_s=30 --param variants=grosr --param graphs=grid:1000x1000 --iters 15"
for rep in 1 2 3 4; do
  timeout 60 ./grosr bench c --out $R/st$rep $F --param defines=BFS_AQ_STATS=1 > $R/st$rep.log 2>&1; echo "st$rep rc=$?" >> $R/rc.txt
done
rm -rf $R/cache
