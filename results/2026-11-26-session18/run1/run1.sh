#!/usr/bin/env bash
# Session 18 run1: label records (BFS_AQ_REC) and optimistic claims without dist (BFS_AQ_NODIST),
# each on and off, interleaved, grosr only; BFS GPU tests on the new default first.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
mkdir -p $R/tests; timeout 150 tests/bfs_gpu-* --include-ignored --test-threads 1 > $R/tests/bfs_gpu.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=30 --iters 7 --param variants=grosr"
G="--param graphs=grid:1000x1000,grid:4000x4000,rmat:22,rgg:1000000,chain:20000,gnp:10000:0.01"
declare -A D=([new]="BFS_AQ_REC=1+BFS_AQ_NODIST=1" [old]="BFS_AQ_REC=0+BFS_AQ_NODIST=0" [rec]="BFS_AQ_REC=1+BFS_AQ_NODIST=0" [nodist]="BFS_AQ_REC=0+BFS_AQ_NODIST=1")
for rep in 1 2; do for k in new old rec nodist; do
  timeout 60 ./grosr bench c --out $R/g$rep-$k $F --param graphs=grid:1000x1000 --param defines=${D[$k]} > $R/g$rep-$k.log 2>&1; echo "g$rep $k rc=$?" >> $R/rc.txt
done; done
for k in new old; do
  timeout 100 ./grosr bench c --out $R/all-$k $F $G --param defines=${D[$k]} > $R/all-$k.log 2>&1; echo "all $k rc=$?" >> $R/rc.txt
  for gs in world_railways:2347 world_highways:0; do g=${gs%:*}; s=${gs#*:}
    timeout 40 ./grosr bench c --out $R/$g-$k $F --param graphs=real/$g.mtx.gz --param source=$s --param defines=${D[$k]} > $R/$g-$k.log 2>&1; echo "$g $k rc=$?" >> $R/rc.txt
  done
  timeout 40 ./grosr bench c --out $R/prof-$k $F --iters 3 --param graphs=grid:1000x1000 --param defines=${D[$k]}+BFS_PROF=1 > $R/prof-$k.log 2>&1; echo "prof $k rc=$?" >> $R/rc.txt
done
rm -rf $R/cache
