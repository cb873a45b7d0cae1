#!/usr/bin/env bash
# Session 18 run14: grid 1000^2 is now steady (run13: 3.03 ms, +-0.3%), so small effects show:
# the copy spawned in two rounds (this build) against one (grosr-823a, 823ad6f), and knobs of the
# asynchronous mode on this build, two processes each. BFS_AQ_STATS once.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 30 --param job_timeout_s=30 --param variants=grosr --iters 9 --param graphs=grid:1000x1000"
for rep in 1 2; do
  for b in grosr grosr-823a; do
    timeout 60 ./$b bench c --out $R/b$rep-$b $F > $R/b$rep-$b.log 2>&1; echo "b$rep $b rc=$?" >> $R/rc.txt
  done
  for d in BFS_AQ_IDLE_MAX_NS=1024 BFS_AQ_IDLE_MAX_NS=8192 BFS_AQ_KEEP=24 BFS_AQ_WARPS=2 BFS_AQ_WARPS=3 BFS_ASYNC_LEVEL=2+BFS_ASYNC_MIN_ITEMS=2; do
    timeout 60 ./grosr bench c --out $R/d$rep-$d $F --param defines=$d > $R/d$rep-$d.log 2>&1; echo "d$rep $d rc=$?" >> $R/rc.txt
  done
done
timeout 60 ./grosr bench c --out $R/st $F --param defines=BFS_AQ_STATS=1 > $R/st.log 2>&1; echo "st rc=$?" >> $R/rc.txt
rm -rf $R/cache
