#!/usr/bin/env bash
# Session 19 run3: a warp's kept twins stopped at once (BFS_AQ_DEDUP=1), alone and with run2's
# BFS_AQ_OWN_LATE=1 + BFS_AQ_PF=1, against the default; grids and the road graphs, two processes
# each, interleaved; then one process of each with BFS_AQ_STATS on grid 1000^2 (item counts).
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 30 --param job_timeout_s=30 --param variants=grosr --iters 7"
V="d:BFS_AQ_PF=0 dd:BFS_AQ_DEDUP=1 ddl1pf1:BFS_AQ_DEDUP=1+BFS_AQ_OWN_LATE=1+BFS_AQ_PF=1 l1pf1:BFS_AQ_OWN_LATE=1+BFS_AQ_PF=1"
for rep in 1 2; do for v in $V; do
  n=${v%%:*}; D=${v#*:}
  timeout 80 ./grosr bench c --out $R/$n-$rep $F --param graphs=grid:1000x1000,grid:4000x4000 --param defines=$D > $R/$n-$rep.log 2>&1; echo "$n $rep rc=$?" >> $R/rc.txt
  for gs in world_railways:2347 world_highways:0; do g=${gs%:*}; s=${gs#*:}
    timeout 40 ./grosr bench c --out $R/$g-$n-$rep $F --param graphs=real/$g.mtx.gz --param source=$s --param defines=$D > $R/$g-$n-$rep.log 2>&1; echo "$g $n $rep rc=$?" >> $R/rc.txt
  done
done; done
for v in d:BFS_AQ_STATS=1 dd:BFS_AQ_DEDUP=1+BFS_AQ_STATS=1; do n=${v%%:*}; D=${v#*:}
  timeout 60 ./grosr bench c --out $R/stats-$n $F --param graphs=grid:1000x1000 --param defines=$D > $R/stats-$n.log 2>&1; echo "stats $n rc=$?" >> $R/rc.txt
done
rm -rf $R/cache
