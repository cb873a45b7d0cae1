#!/usr/bin/env bash
# Session 18 run11: where grid 1000^2's time goes now that the copy runs in the same job:
# BFS_AQ_STATS (first task to the switch, the asynchronous phase, the copy) beside plain runs.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 30 --param job_timeout_s=30 --param variants=grosr --param graphs=grid:1000x1000 --iters 9"
for rep in 1 2; do
  timeout 60 ./grosr bench c --out $R/st$rep $F --param defines=BFS_AQ_STATS=1 > $R/st$rep.log 2>&1; echo "st$rep rc=$?" >> $R/rc.txt
  timeout 60 ./grosr bench c --out $R/plain$rep $F > $R/plain$rep.log 2>&1; echo "plain$rep rc=$?" >> $R/rc.txt
done
rm -rf $R/cache
