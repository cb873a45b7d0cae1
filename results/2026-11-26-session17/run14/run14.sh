#!/usr/bin/env bash
# Session 17 run14: the asynchronous mode's L1 prefetch of a warp's next targets (BFS_AQ_PREFETCH_L1)
# on and off, interleaved, twice; a BFS_PROF run of grid 1000^2 with it.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
FC="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=grosr --param graphs=chain:20000,grid:1000x1000,grid:4000x4000,rmat:20"
for rep in 1 2; do
for v in off:BFS_AQ_PREFETCH_L1=0 on:BFS_AQ_PREFETCH_L1=1; do
  n=${v%%:*}-$rep
  timeout 120 ./grosr bench c --out $R/c-$n $FC --param defines=${v#*:} > $R/c-$n.log 2>&1; echo "c $n rc=$?" >> $R/rc.txt
done
done
timeout 60 ./grosr bench c --out $R/c-prof --watchdog-s 30 --param job_timeout_s=10 --iters 3 --param variants=grosr --param graphs=grid:1000x1000 --param defines=BFS_PROF=1+BFS_AQ_PREFETCH_L1=1 > $R/c-prof.log 2>&1; echo "c-prof rc=$?" >> $R/rc.txt
rm -rf $R/cache
