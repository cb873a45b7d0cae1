#!/usr/bin/env bash
# Session 18 run12: the one-warp path stops at a level that goes asynchronous (this build) against
# the build before it (grosr-head, 8eeeb9c: the copy already in the same job), interleaved; every
# graph of bench c (grosr only, validated) and the real graphs; BFS GPU tests; BFS_AQ_STATS on grid.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
mkdir -p $R/tests; timeout 150 tests/bfs_gpu-* --include-ignored --test-threads 1 > $R/tests/bfs_gpu.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=30 --param variants=grosr"
G="--param graphs=chain:20000,gnp:10000:0.01,grid:1000x1000,grid:4000x4000,rmat:18,rmat:20,rmat:22,rgg:1000000"
for rep in 1 2; do for b in grosr grosr-head; do
  timeout 100 ./$b bench c --out $R/all$rep-$b $F --iters 9 $G > $R/all$rep-$b.log 2>&1; echo "all$rep $b rc=$?" >> $R/rc.txt
  for gs in world_railways:2347 world_highways:0; do g=${gs%:*}; s=${gs#*:}
    timeout 40 ./$b bench c --out $R/$g$rep-$b $F --iters 7 --param graphs=real/$g.mtx.gz --param source=$s > $R/$g$rep-$b.log 2>&1; echo "$g$rep $b rc=$?" >> $R/rc.txt
  done
done; done
timeout 60 ./grosr bench c --out $R/st $F --iters 5 --param graphs=grid:1000x1000 --param defines=BFS_AQ_STATS=1 > $R/st.log 2>&1; echo "st rc=$?" >> $R/rc.txt
rm -rf $R/cache
