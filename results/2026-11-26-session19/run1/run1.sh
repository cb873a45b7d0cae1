#!/usr/bin/env bash
# Session 19 run1: the kept items' first targets fetched during the step (BFS_AQ_PF=1: L1 prefetch,
# 2: cp.async into shared memory) against none (0, the default); grids, chain 20k and the road
# graphs, two processes each, interleaved.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv > $R/smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=30 --param variants=grosr --iters 7"
for rep in 1 2; do for p in 0 1 2; do
  timeout 80 ./grosr bench c --out $R/p$p-$rep $F --param graphs=grid:1000x1000,grid:4000x4000,chain:20000 --param defines=BFS_AQ_PF=$p > $R/p$p-$rep.log 2>&1; echo "p$p $rep rc=$?" >> $R/rc.txt
  for gs in world_railways:2347 world_highways:0; do g=${gs%:*}; s=${gs#*:}
    timeout 40 ./grosr bench c --out $R/$g-p$p-$rep $F --param graphs=real/$g.mtx.gz --param source=$s --param defines=BFS_AQ_PF=$p > $R/$g-p$p-$rep.log 2>&1; echo "$g p$p $rep rc=$?" >> $R/rc.txt
  done
done; done
rm -rf $R/cache
