#!/usr/bin/env bash
# Session 18 run19: carried targets from the first-four record (BFS_AQ_CARRY=2) against none
# (the default), grids and the road graphs, two processes each; BFS GPU tests on the default.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
mkdir -p $R/tests; timeout 150 tests/bfs_gpu-* --include-ignored --test-threads 1 > $R/tests/bfs_gpu.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=30 --param variants=grosr --iters 7"
for rep in 1 2; do for c in 0 2; do
  timeout 80 ./grosr bench c --out $R/c$c-$rep $F --param graphs=grid:1000x1000,grid:4000x4000,chain:20000 --param defines=BFS_AQ_CARRY=$c > $R/c$c-$rep.log 2>&1; echo "c$c $rep rc=$?" >> $R/rc.txt
  for gs in world_railways:2347 world_highways:0; do g=${gs%:*}; s=${gs#*:}
    timeout 40 ./grosr bench c --out $R/$g-c$c-$rep $F --param graphs=real/$g.mtx.gz --param source=$s --param defines=BFS_AQ_CARRY=$c > $R/$g-c$c-$rep.log 2>&1; echo "$g c$c $rep rc=$?" >> $R/rc.txt
  done
done; done
rm -rf $R/cache
