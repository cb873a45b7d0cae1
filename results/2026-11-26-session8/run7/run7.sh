#!/usr/bin/env bash
# Session 8 run7: Exp C baselines, old forms against spread rounds + counter barrier (1 and 2 blocks per SM).
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 20 --param job_timeout_s=20"
G="--param graphs=chain:20000,grid:1000x1000,grid:4000x4000,rgg:1000000:10:1,rmat:20:16:1"
timeout 150 ./grosr bench c --iters 3 --out $R/c-new $G --param variants=launch,graph,coop,grosr $F > $R/c-new.log 2>&1; echo "c new rc=$?" >> $R/rc.txt
timeout 120 ./grosr bench c --iters 3 --out $R/c-new1 $G --param variants=coop --param coop_per_sm=1 $F > $R/c-new1.log 2>&1; echo "c new1 rc=$?" >> $R/rc.txt
timeout 150 ./grosr bench c --iters 3 --out $R/c-old $G --param variants=launch,graph,coop --param defines=BFS_BASE_SPREAD=0+BFS_BAR_COUNTER=0 $F > $R/c-old.log 2>&1; echo "c old rc=$?" >> $R/rc.txt
timeout 100 ./grosr bench c --iters 3 --out $R/c-spread-only $G --param variants=coop --param defines=BFS_BAR_COUNTER=0 $F > $R/c-spread-only.log 2>&1; echo "c spread-only rc=$?" >> $R/rc.txt
