#!/usr/bin/env bash
# Session 19 run15: worker warps a block (BFS_AQ_WARPS 2 default / 3 / 4) against grid 4000^2's rare
# slow BFS (30 iterations, two processes each) and the medians of grid 1000^2 and the road graphs.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 60 --param job_timeout_s=30 --param variants=grosr"
for rep in 1 2; do for w in 2 3 4; do
  D=BFS_AQ_WARPS=$w
  timeout 100 ./grosr bench c --out $R/g4k-w$w-$rep $F --iters 30 --param graphs=grid:4000x4000 --param defines=$D > $R/g4k-w$w-$rep.log 2>&1; echo "g4k w$w $rep rc=$?" >> $R/rc.txt
done; done
for w in 2 3 4; do
  D=BFS_AQ_WARPS=$w
  timeout 40 ./grosr bench c --out $R/w$w $F --iters 7 --param graphs=grid:1000x1000 --param defines=$D > $R/w$w.log 2>&1; echo "w$w rc=$?" >> $R/rc.txt
  for gs in world_railways:2347 world_highways:0; do g=${gs%:*}; s=${gs#*:}
    timeout 40 ./grosr bench c --out $R/$g-w$w $F --iters 7 --param graphs=real/$g.mtx.gz --param source=$s --param defines=$D > $R/$g-w$w.log 2>&1; echo "$g w$w rc=$?" >> $R/rc.txt
  done
done
rm -rf $R/cache
