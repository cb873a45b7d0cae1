#!/usr/bin/env bash
# Session 18 run15: worker warps per block of the asynchronous mode (BFS_AQ_WARPS 2 / 3 / 4) on
# every graph that goes asynchronous (grids, the road graphs, R-MAT's tails), two processes each.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 30 --param job_timeout_s=30 --param variants=grosr --iters 7"
for rep in 1 2; do for w in 4 3 2; do
  timeout 80 ./grosr bench c --out $R/w$w-$rep $F --param graphs=grid:1000x1000,grid:4000x4000,rmat:22,rmat:18 --param defines=BFS_AQ_WARPS=$w > $R/w$w-$rep.log 2>&1; echo "w$w $rep rc=$?" >> $R/rc.txt
  for gs in world_railways:2347 world_highways:0; do g=${gs%:*}; s=${gs#*:}
    timeout 40 ./grosr bench c --out $R/$g-w$w-$rep $F --param graphs=real/$g.mtx.gz --param source=$s --param defines=BFS_AQ_WARPS=$w > $R/$g-w$w-$rep.log 2>&1; echo "$g w$w $rep rc=$?" >> $R/rc.txt
  done
done; done
rm -rf $R/cache
