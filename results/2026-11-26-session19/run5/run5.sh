#!/usr/bin/env bash
# Session 19 run5: session 18's build (grosr-head, 72d0922), the first lean step (grosr-l1, 17845d8),
# and this build (records, do-while) with BFS_AQ_RED_ALL 0 and 1; grids and the road graphs, two
# processes each, interleaved; then the BFS GPU tests on this build.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 30 --param job_timeout_s=30 --param variants=grosr --iters 7"
for rep in 1 2; do for b in head l1 rec recra; do
  bin=./grosr; D=BFS_AQ_RED_ALL=0
  [ $b = head ] && bin=./grosr-head; [ $b = l1 ] && bin=./grosr-l1; [ $b = recra ] && D=BFS_AQ_RED_ALL=1
  timeout 80 $bin bench c --out $R/$b-$rep $F --param graphs=grid:1000x1000,grid:4000x4000 --param defines=$D > $R/$b-$rep.log 2>&1; echo "$b $rep rc=$?" >> $R/rc.txt
  for gs in world_railways:2347 world_highways:0; do g=${gs%:*}; s=${gs#*:}
    timeout 40 $bin bench c --out $R/$g-$b-$rep $F --param graphs=real/$g.mtx.gz --param source=$s --param defines=$D > $R/$g-$b-$rep.log 2>&1; echo "$g $b $rep rc=$?" >> $R/rc.txt
  done
done; done
mkdir -p $R/tests; timeout 200 tests/bfs_gpu-* --include-ignored --test-threads 1 > $R/tests/bfs_gpu.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
rm -rf $R/cache
