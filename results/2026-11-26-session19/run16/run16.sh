#!/usr/bin/env bash
# Session 19 run16: idle looks at the ring of one load (this build) against three (grosr-prev, 11da856):
# grid 4000^2 30 iterations x 2 processes each (the rare slow BFS), this build with 4 worker warps
# (run15's collapse), grid 1000^2 and the road graphs; then the BFS GPU tests.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 60 --param job_timeout_s=30 --param variants=grosr"
for rep in 1 2; do for b in prev new; do
  bin=./grosr; [ $b = prev ] && bin=./grosr-prev
  timeout 100 $bin bench c --out $R/g4k-$b-$rep $F --iters 30 --param graphs=grid:4000x4000 > $R/g4k-$b-$rep.log 2>&1; echo "g4k $b $rep rc=$?" >> $R/rc.txt
done; done
timeout 100 ./grosr bench c --out $R/g4k-new-w4 $F --iters 30 --param graphs=grid:4000x4000 --param defines=BFS_AQ_WARPS=4 > $R/g4k-new-w4.log 2>&1; echo "g4k new w4 rc=$?" >> $R/rc.txt
for rep in 1 2; do for b in prev new; do
  bin=./grosr; [ $b = prev ] && bin=./grosr-prev
  timeout 40 $bin bench c --out $R/g1k-$b-$rep $F --iters 7 --param graphs=grid:1000x1000 > $R/g1k-$b-$rep.log 2>&1; echo "g1k $b $rep rc=$?" >> $R/rc.txt
  for gs in world_railways:2347 world_highways:0; do g=${gs%:*}; s=${gs#*:}
    timeout 40 $bin bench c --out $R/$g-$b-$rep $F --iters 7 --param graphs=real/$g.mtx.gz --param source=$s > $R/$g-$b-$rep.log 2>&1; echo "$g $b $rep rc=$?" >> $R/rc.txt
  done
done; done
mkdir -p $R/tests; timeout 200 tests/bfs_gpu-* --include-ignored --test-threads 1 > $R/tests/bfs_gpu.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
rm -rf $R/cache
