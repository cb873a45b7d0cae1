#!/usr/bin/env bash
# Session 17 run12: when the BFS goes asynchronous (BFS_ASYNC_LEVEL, BFS_ASYNC_MIN_ITEMS: 32 / 32 by
# default) on a BFS subset, interleaved, twice.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
FC="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=grosr --param graphs=chain:20000,grid:1000x1000,gnp:10000:0.01,rmat:20,rgg:1000000,grid:4000x4000"
for rep in 1 2; do
for v in d:"" l16:BFS_ASYNC_LEVEL=16+BFS_ASYNC_MIN_ITEMS=16 l8:BFS_ASYNC_LEVEL=8+BFS_ASYNC_MIN_ITEMS=8 l4:BFS_ASYNC_LEVEL=4+BFS_ASYNC_MIN_ITEMS=4; do
  n=${v%%:*}-$rep; d=${v#*:}
  timeout 120 ./grosr bench c --out $R/c-$n $FC ${d:+--param defines=$d} > $R/c-$n.log 2>&1; echo "c $n rc=$?" >> $R/rc.txt
done
done
rm -rf $R/cache
