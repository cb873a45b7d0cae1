#!/usr/bin/env bash
# Session 9 run3: async BFS with range-carrying tasks: inline 0/8/32 x spread 0/1 on grid 1000^2 and rgg 1M; grid 4000^2.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
F="--watchdog-s 30 --param job_timeout_s=30 --iters 3"
G="grid:1000x1000,rgg:1000000"
for c in 0:0 8:0 0:1 8:1 32:1 4:1; do
k=${c%:*}; sp=${c#*:}
timeout 60 ./grosr bench c --out $R/in$k-sp$sp $F --param graphs=$G --param variants=grosr --param defines=BFS_ASYNC_INLINE=$k+BFS_ASYNC_SPREAD=$sp > $R/in$k-sp$sp.log 2>&1; echo "in$k-sp$sp rc=$?" >> $R/rc.txt
done
timeout 100 ./grosr bench c --out $R/g4k-in8-sp1 $F --param graphs=grid:4000x4000 --param variants=grosr --param defines=BFS_ASYNC_INLINE=8+BFS_ASYNC_SPREAD=1 > $R/g4k.log 2>&1; echo "g4k rc=$?" >> $R/rc.txt
GROSR_PROF=1 timeout 60 ./grosr bench c --out $R/prof-in8-sp1 $F --param graphs=grid:1000x1000 --param variants=grosr --param defines=BFS_ASYNC_INLINE=8+BFS_ASYNC_SPREAD=1 > $R/prof.log 2>&1; echo "prof rc=$?" >> $R/rc.txt
