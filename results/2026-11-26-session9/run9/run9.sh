#!/usr/bin/env bash
# Session 9 run9: async BFS workers: items a warp keeps 32 (default) / 16 / 8 / 4.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
F="--watchdog-s 30 --param job_timeout_s=20 --iters 5"
G="grid:1000x1000,rgg:1000000,grid:4000x4000"
for k in 32 16 8 4; do
timeout 120 ./grosr bench c --out $R/keep$k $F --param graphs=$G --param variants=grosr --param defines=BFS_AQ_KEEP=$k > $R/keep$k.log 2>&1; echo "keep$k rc=$?" >> $R/rc.txt
done
