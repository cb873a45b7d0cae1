#!/usr/bin/env bash
# Session 18 run7: grid 1000^2 varies 3.4-4.5 ms between iterations of one process (run6; the SM
# clock stays at 1,979 MHz). Items a warp keeps (BFS_AQ_KEEP) and idle warps' longest pause
# (BFS_AQ_IDLE_MAX_NS), two processes each, 9 iterations.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 30 --param job_timeout_s=30 --param variants=grosr --param graphs=grid:1000x1000 --iters 9"
for rep in 1 2; do
for k in 32 24 16; do for i in 2048 512; do
  timeout 60 ./grosr bench c --out $R/k$k-i$i-$rep $F --param defines=BFS_AQ_KEEP=$k+BFS_AQ_IDLE_MAX_NS=$i > $R/k$k-i$i-$rep.log 2>&1; echo "k$k i$i $rep rc=$?" >> $R/rc.txt
done; done; done
timeout 60 ./grosr bench c --out $R/k16-4000 --watchdog-s 30 --param job_timeout_s=30 --param variants=grosr --param graphs=grid:4000x4000 --iters 5 --param defines=BFS_AQ_KEEP=16 > $R/k16-4000.log 2>&1; echo "k16 4000 rc=$?" >> $R/rc.txt
rm -rf $R/cache
