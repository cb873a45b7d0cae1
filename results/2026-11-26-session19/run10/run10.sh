#!/usr/bin/env bash
# Session 19 run10: the idle warps' longest pause (BFS_AQ_IDLE_MAX_NS 2048 default / 512 / 256 / 128)
# on grids and the road graphs, two processes each, interleaved.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 30 --param job_timeout_s=30 --param variants=grosr --iters 7"
for rep in 1 2; do for i in 2048 512 256 128; do
  D=BFS_AQ_IDLE_MAX_NS=$i
  timeout 80 ./grosr bench c --out $R/i$i-$rep $F --param graphs=grid:1000x1000,grid:4000x4000 --param defines=$D > $R/i$i-$rep.log 2>&1; echo "i$i $rep rc=$?" >> $R/rc.txt
  for gs in world_railways:2347 world_highways:0; do g=${gs%:*}; s=${gs#*:}
    timeout 40 ./grosr bench c --out $R/$g-i$i-$rep $F --param graphs=real/$g.mtx.gz --param source=$s --param defines=$D > $R/$g-i$i-$rep.log 2>&1; echo "$g i$i $rep rc=$?" >> $R/rc.txt
  done
done; done
rm -rf $R/cache
