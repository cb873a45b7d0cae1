#!/usr/bin/env bash
# Session 19 run9: world_highways's relabelling against the idle warps' longest pause
# (BFS_AQ_IDLE_MAX_NS 256 / 2048 default / 8192) and items kept (BFS_AQ_KEEP 24), three processes
# each, interleaved, with BFS_AQ_STATS.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 30 --param job_timeout_s=30 --param variants=grosr --iters 7"
for rep in 1 2 3; do for v in d:BFS_AQ_IDLE_MAX_NS=2048 i256:BFS_AQ_IDLE_MAX_NS=256 i8k:BFS_AQ_IDLE_MAX_NS=8192 k24:BFS_AQ_KEEP=24; do
  n=${v%%:*}; D=${v#*:}
  timeout 40 ./grosr bench c --out $R/world_highways-$n-$rep $F --param graphs=real/world_highways.mtx.gz --param source=0 --param defines=$D+BFS_AQ_STATS=1 > $R/hw-$n-$rep.log 2>&1; echo "hw $n $rep rc=$?" >> $R/rc.txt
done; done
rm -rf $R/cache
