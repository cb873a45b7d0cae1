#!/usr/bin/env bash
# Session 18 run13: where the one-warp path checks for the switch: before the expand path only
# (this build), at the loop's head (grosr-04aa, 04aa64c), not at all (grosr-head, 8eeeb9c); chain
# 20k, grid 1000^2, railways, interleaved, three times. BFS GPU tests first.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
mkdir -p $R/tests; timeout 150 tests/bfs_gpu-* --include-ignored --test-threads 1 > $R/tests/bfs_gpu.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=30 --param variants=grosr --iters 9"
for rep in 1 2 3; do for b in grosr grosr-04aa grosr-head; do
  timeout 60 ./$b bench c --out $R/c$rep-$b $F --param graphs=chain:20000,grid:1000x1000,gnp:10000:0.01,rmat:20 > $R/c$rep-$b.log 2>&1; echo "c$rep $b rc=$?" >> $R/rc.txt
  timeout 40 ./$b bench c --out $R/rail$rep-$b $F --param graphs=real/world_railways.mtx.gz --param source=2347 > $R/rail$rep-$b.log 2>&1; echo "rail$rep $b rc=$?" >> $R/rc.txt
done; done
rm -rf $R/cache
