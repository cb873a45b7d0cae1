#!/usr/bin/env bash
# Session 9 run1: Exp C, the asynchronous mode (default) against BFS_ASYNC_LEVEL=0 (session 8's grosr) and the cooperative kernel (1 block per SM).
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=30 --iters 3"
G="grid:1000x1000,rgg:1000000,chain:20000,gnp:10000:0.01,rmat:20"
timeout 100 ./grosr bench c --out $R/async $F --param graphs=$G --param variants=coop,grosr --param coop_per_sm=1 > $R/async.log 2>&1; echo "async rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench c --out $R/sync $F --param graphs=$G --param variants=grosr --param defines=BFS_ASYNC_LEVEL=0 > $R/sync.log 2>&1; echo "sync rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench c --out $R/async8 $F --param graphs=grid:1000x1000,rgg:1000000 --param variants=grosr --param defines=BFS_ASYNC_LEVEL=8 > $R/async8.log 2>&1; echo "async8 rc=$?" >> $R/rc.txt
timeout 150 ./grosr bench c --out $R/g4k $F --param graphs=grid:4000x4000 --param variants=coop,grosr --param coop_per_sm=1 > $R/g4k.log 2>&1; echo "g4k rc=$?" >> $R/rc.txt
