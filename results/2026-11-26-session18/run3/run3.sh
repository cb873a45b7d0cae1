#!/usr/bin/env bash
# Session 18 run3: where a step's non-memory time goes (BFS_PROF's finer split) and the leaner claims
# (BFS_AQ_LEAN=1) against the current ones, interleaved, grosr only.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=30 --param variants=grosr"
G="--param graphs=grid:1000x1000,grid:4000x4000,rmat:22,rgg:1000000,chain:20000,gnp:10000:0.01"
declare -A D=([base]="BFS_AQ_LEAN=0" [lean]="BFS_AQ_LEAN=1")
for rep in 1 2 3; do for k in base lean; do
  timeout 60 ./grosr bench c --out $R/g$rep-$k $F --iters 7 --param graphs=grid:1000x1000 --param defines=${D[$k]} > $R/g$rep-$k.log 2>&1; echo "g$rep $k rc=$?" >> $R/rc.txt
done; done
for k in base lean; do
  timeout 40 ./grosr bench c --out $R/prof-$k $F --iters 3 --param graphs=grid:1000x1000,grid:4000x4000 --param defines=${D[$k]}+BFS_PROF=1 > $R/prof-$k.log 2>&1; echo "prof $k rc=$?" >> $R/rc.txt
done
for k in lean base; do
  timeout 100 ./grosr bench c --out $R/all-$k $F --iters 7 $G --param defines=${D[$k]} > $R/all-$k.log 2>&1; echo "all $k rc=$?" >> $R/rc.txt
  for gs in world_railways:2347 world_highways:0; do g=${gs%:*}; s=${gs#*:}
    timeout 40 ./grosr bench c --out $R/$g-$k $F --iters 7 --param graphs=real/$g.mtx.gz --param source=$s --param defines=${D[$k]} > $R/$g-$k.log 2>&1; echo "$g $k rc=$?" >> $R/rc.txt
  done
done
rm -rf $R/cache
