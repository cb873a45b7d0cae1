#!/usr/bin/env bash
# Session 18 run4: packed optimistic claims and the warp's counts in registers (4243a89) against
# session 17's build (grosr-head, c22c2ab), interleaved; BFS GPU tests on the new build first.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
mkdir -p $R/tests; timeout 150 tests/bfs_gpu-* --include-ignored --test-threads 1 > $R/tests/bfs_gpu.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=30 --param variants=grosr"
G="--param graphs=grid:1000x1000,grid:4000x4000,rmat:22,rgg:1000000,chain:20000,gnp:10000:0.01"
for rep in 1 2 3; do for b in grosr grosr-head; do
  timeout 60 ./$b bench c --out $R/g$rep-$b $F --iters 9 --param graphs=grid:1000x1000 > $R/g$rep-$b.log 2>&1; echo "g$rep $b rc=$?" >> $R/rc.txt
done; done
timeout 40 ./grosr bench c --out $R/prof $F --iters 3 --param graphs=grid:1000x1000 --param defines=BFS_PROF=1 > $R/prof.log 2>&1; echo "prof rc=$?" >> $R/rc.txt
for b in grosr grosr-head; do
  timeout 100 ./$b bench c --out $R/all-$b $F --iters 7 $G > $R/all-$b.log 2>&1; echo "all $b rc=$?" >> $R/rc.txt
  for gs in world_railways:2347 world_highways:0; do g=${gs%:*}; s=${gs#*:}
    timeout 40 ./$b bench c --out $R/$g-$b $F --iters 7 --param graphs=real/$g.mtx.gz --param source=$s > $R/$g-$b.log 2>&1; echo "$g $b rc=$?" >> $R/rc.txt
  done
done
rm -rf $R/cache
