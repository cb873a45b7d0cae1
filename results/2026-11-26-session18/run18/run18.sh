#!/usr/bin/env bash
# Session 18 run18 (final build): BFS_AQ_WARPS 1 and BFS_AQ_KEEP 24 against the defaults, grid
# 1000^2 alone and in a process with every graph of bench c (grosr only), twice.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 30 --param job_timeout_s=30 --param variants=grosr --iters 7"
G="--param graphs=chain:20000,gnp:10000:0.01,grid:1000x1000,grid:4000x4000,rmat:18,rmat:20,rmat:22,rgg:1000000"
for rep in 1 2; do for d in BFS_AQ_WARPS=2 BFS_AQ_WARPS=1 BFS_AQ_KEEP=24; do
  timeout 60 ./grosr bench c --out $R/g$rep-$d $F --param graphs=grid:1000x1000 --param defines=$d > $R/g$rep-$d.log 2>&1; echo "g$rep $d rc=$?" >> $R/rc.txt
  timeout 90 ./grosr bench c --out $R/all$rep-$d $F $G --param defines=$d > $R/all$rep-$d.log 2>&1; echo "all$rep $d rc=$?" >> $R/rc.txt
done; done
rm -rf $R/cache
