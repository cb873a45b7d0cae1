#!/usr/bin/env bash
# Session 18 run10: the label copy spawned on the device by the last worker (same job) against the
# host's second job (grosr-head, c22c2ab): BFS GPU tests; grid 1000^2 interleaved; the real graphs;
# the full bench c and the cooperative kernels at 1 block an SM.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
mkdir -p $R/tests; timeout 150 tests/bfs_gpu-* --include-ignored --test-threads 1 > $R/tests/bfs_gpu.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=30 --param variants=grosr"
for rep in 1 2 3; do for b in grosr grosr-head; do
  timeout 60 ./$b bench c --out $R/g$rep-$b $F --iters 9 --param graphs=grid:1000x1000,grid:4000x4000 > $R/g$rep-$b.log 2>&1; echo "g$rep $b rc=$?" >> $R/rc.txt
done; done
for b in grosr grosr-head; do for gs in world_railways:2347 world_highways:0; do g=${gs%:*}; s=${gs#*:}
  timeout 40 ./$b bench c --out $R/$g-$b $F --iters 7 --param graphs=real/$g.mtx.gz --param source=$s > $R/$g-$b.log 2>&1; echo "$g $b rc=$?" >> $R/rc.txt
done; done
FC="--watchdog-s 30 --param job_timeout_s=30 --iters 5"
timeout 200 ./grosr bench c --out $R/c $FC > $R/c.log 2>&1; echo "c rc=$?" >> $R/rc.txt
timeout 80 ./grosr bench c --out $R/c-coop1 $FC --param variants=coop,coop_warp --param coop_per_sm=1 > $R/c-coop1.log 2>&1; echo "c coop1 rc=$?" >> $R/rc.txt
rm -rf $R/cache
