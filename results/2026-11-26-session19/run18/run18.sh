#!/usr/bin/env bash
# Session 19 run18: 4 worker warps a block reproduce grid 4000^2's slow BFS (run15-run16); with
# BFS_AQ_STATS, which of this session's changes it needs: W4 as is, W4 with RED_ALL=0, W4 with the
# old idle pause (2048), and W2.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 60 --param job_timeout_s=30 --param variants=grosr --iters 10 --param graphs=grid:4000x4000"
for v in w4:BFS_AQ_WARPS=4 w4r0:BFS_AQ_WARPS=4+BFS_AQ_RED_ALL=0 w4i2k:BFS_AQ_WARPS=4+BFS_AQ_IDLE_MAX_NS=2048 w2:BFS_AQ_WARPS=2; do
  n=${v%%:*}; D=${v#*:}
  timeout 100 ./grosr bench c --out $R/$n $F --param defines=$D+BFS_AQ_STATS=1 > $R/$n.log 2>&1; echo "$n rc=$?" >> $R/rc.txt
done
rm -rf $R/cache
