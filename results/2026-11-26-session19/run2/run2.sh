#!/usr/bin/env bash
# Session 19 run2: the own-label check moved to the claims (BFS_AQ_OWN_LATE=1; 2: read by cp.async),
# alone and with the kept items' targets prefetched into L1 (BFS_AQ_PF=1), against the default;
# grids and the road graphs, two processes each, interleaved.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 30 --param job_timeout_s=30 --param variants=grosr --iters 7"
for rep in 1 2; do for v in d:BFS_AQ_PF=0 pf1:BFS_AQ_PF=1 l2:BFS_AQ_OWN_LATE=2 l2pf1:BFS_AQ_OWN_LATE=2+BFS_AQ_PF=1 l1pf1:BFS_AQ_OWN_LATE=1+BFS_AQ_PF=1; do
  n=${v%%:*}; D=${v#*:}
  timeout 80 ./grosr bench c --out $R/$n-$rep $F --param graphs=grid:1000x1000,grid:4000x4000 --param defines=$D > $R/$n-$rep.log 2>&1; echo "$n $rep rc=$?" >> $R/rc.txt
  for gs in world_railways:2347 world_highways:0; do g=${gs%:*}; s=${gs#*:}
    timeout 40 ./grosr bench c --out $R/$g-$n-$rep $F --param graphs=real/$g.mtx.gz --param source=$s --param defines=$D > $R/$g-$n-$rep.log 2>&1; echo "$g $n $rep rc=$?" >> $R/rc.txt
  done
done; done
rm -rf $R/cache
