#!/usr/bin/env bash
# Session 17 run13 (BFS goes asynchronous from level 4): the BFS GPU tests; full bench c with the
# cooperative baselines at one block an SM beside it; the grosr variant on every graph with the old
# switch (BFS_ASYNC_LEVEL=32, BFS_ASYNC_MIN_ITEMS=32) and the new one, interleaved.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
mkdir -p $R/tests; timeout 150 tests/bfs_gpu-* --include-ignored --test-threads 1 > $R/tests/bfs_gpu.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
FC="--watchdog-s 30 --param job_timeout_s=30 --iters 5"
timeout 200 ./grosr bench c --out $R/c $FC > $R/c.log 2>&1; echo "c rc=$?" >> $R/rc.txt
timeout 80 ./grosr bench c --out $R/c-coop1 $FC --param variants=coop,coop_warp --param coop_per_sm=1 > $R/c-coop1.log 2>&1; echo "c coop1 rc=$?" >> $R/rc.txt
timeout 80 ./grosr bench c --out $R/c-old $FC --param variants=grosr --param defines=BFS_ASYNC_LEVEL=32+BFS_ASYNC_MIN_ITEMS=32 > $R/c-old.log 2>&1; echo "c old rc=$?" >> $R/rc.txt
timeout 80 ./grosr bench c --out $R/c-new $FC --param variants=grosr > $R/c-new.log 2>&1; echo "c new rc=$?" >> $R/rc.txt
rm -rf $R/cache
