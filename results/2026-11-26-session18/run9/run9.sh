#!/usr/bin/env bash
# Session 18 run9: the asynchronous phase of grid 1000^2 is 2.90-2.94 ms in nearly every BFS
# (run8), the whole BFS 3.47-4.5: where the rest goes. Host-side split of each BFS (GROSR_BFS_SPLIT)
# beside BFS_AQ_STATS, two processes, 15 iterations; R-MAT 22 and chain 20k too.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache GROSR_BFS_SPLIT=1
F="--watchdog-s 30 --param job_timeout_s=30 --param variants=grosr --iters 15"
for rep in 1 2; do
  timeout 60 ./grosr bench c --out $R/st$rep $F --param graphs=grid:1000x1000 --param defines=BFS_AQ_STATS=1 > $R/st$rep.log 2>&1; echo "st$rep rc=$?" >> $R/rc.txt
done
timeout 90 ./grosr bench c --out $R/other $F --param graphs=grid:1000x1000,rmat:22,chain:20000,grid:4000x4000 > $R/other.log 2>&1; echo "other rc=$?" >> $R/rc.txt
rm -rf $R/cache
