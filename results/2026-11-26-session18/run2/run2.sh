#!/usr/bin/env bash
# Session 18 run2: run1's comparison after the load-order fix (every load of a round issued before
# any is used), plus session 17's build (grosr-head, c22c2ab) on grid 1000^2 as a reference, and
# BFS_PROF counters for each form.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi -q -d CLOCK > $R/nvidia-smi.txt 2>&1
mkdir -p $R/tests; timeout 150 tests/bfs_gpu-* --include-ignored --test-threads 1 > $R/tests/bfs_gpu.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=30 --param variants=grosr"
G="--param graphs=grid:1000x1000,grid:4000x4000,rmat:22,rgg:1000000,chain:20000,gnp:10000:0.01"
declare -A D=([new]="BFS_AQ_REC=1+BFS_AQ_NODIST=1" [old]="BFS_AQ_REC=0+BFS_AQ_NODIST=0" [rec]="BFS_AQ_REC=1+BFS_AQ_NODIST=0" [nodist]="BFS_AQ_REC=0+BFS_AQ_NODIST=1")
for rep in 1 2; do
  timeout 60 ./grosr-head bench c --out $R/g$rep-head $F --iters 7 --param graphs=grid:1000x1000 > $R/g$rep-head.log 2>&1; echo "g$rep head rc=$?" >> $R/rc.txt
  for k in new old rec nodist; do
  timeout 60 ./grosr bench c --out $R/g$rep-$k $F --iters 7 --param graphs=grid:1000x1000 --param defines=${D[$k]} > $R/g$rep-$k.log 2>&1; echo "g$rep $k rc=$?" >> $R/rc.txt
done; done
for k in new old rec nodist; do
  timeout 40 ./grosr bench c --out $R/prof-$k $F --iters 3 --param graphs=grid:1000x1000 --param defines=${D[$k]}+BFS_PROF=1 > $R/prof-$k.log 2>&1; echo "prof $k rc=$?" >> $R/rc.txt
done
for k in new old; do
  timeout 100 ./grosr bench c --out $R/all-$k $F --iters 7 $G --param defines=${D[$k]} > $R/all-$k.log 2>&1; echo "all $k rc=$?" >> $R/rc.txt
  for gs in world_railways:2347 world_highways:0; do g=${gs%:*}; s=${gs#*:}
    timeout 40 ./grosr bench c --out $R/$g-$k $F --iters 7 --param graphs=real/$g.mtx.gz --param source=$s --param defines=${D[$k]} > $R/$g-$k.log 2>&1; echo "$g $k rc=$?" >> $R/rc.txt
  done
done
rm -rf $R/cache
