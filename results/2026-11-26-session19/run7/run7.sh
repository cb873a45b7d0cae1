#!/usr/bin/env bash
# Session 19 run7: shared stores through 32-bit shared addresses (this build) against the build before
# (grosr-prev, 626c475: RED_ALL on, the ring-failure vote only after a push), and this build with 4 worker
# warps a block (BFS_AQ_WARPS=4); grids and the road graphs, two processes each, interleaved; then
# the BFS GPU tests.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 30 --param job_timeout_s=30 --param variants=grosr --iters 7"
for rep in 1 2; do for b in prev sts sts4; do
  bin=./grosr; D=BFS_AQ_WARPS=2
  [ $b = prev ] && bin=./grosr-prev; [ $b = sts4 ] && D=BFS_AQ_WARPS=4
  timeout 80 $bin bench c --out $R/$b-$rep $F --param graphs=grid:1000x1000,grid:4000x4000 --param defines=$D > $R/$b-$rep.log 2>&1; echo "$b $rep rc=$?" >> $R/rc.txt
  for gs in world_railways:2347 world_highways:0; do g=${gs%:*}; s=${gs#*:}
    timeout 40 $bin bench c --out $R/$g-$b-$rep $F --param graphs=real/$g.mtx.gz --param source=$s --param defines=$D > $R/$g-$b-$rep.log 2>&1; echo "$g $b $rep rc=$?" >> $R/rc.txt
  done
done; done
mkdir -p $R/tests; timeout 200 tests/bfs_gpu-* --include-ignored --test-threads 1 > $R/tests/bfs_gpu.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
rm -rf $R/cache
