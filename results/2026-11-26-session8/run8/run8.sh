#!/usr/bin/env bash
# Session 8 run8: BFS fences (release/acq_rel against fence.sc) for the baselines and the grosr crew.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 20 --param job_timeout_s=20"
G="--param graphs=chain:20000,grid:1000x1000,grid:4000x4000,rgg:1000000:10:1,rmat:20:16:1"
timeout 150 ./grosr bench c --iters 3 --out $R/c $G --param variants=launch,graph,coop,grosr $F > $R/c.log 2>&1; echo "c rc=$?" >> $R/rc.txt
timeout 100 ./grosr bench c --iters 3 --out $R/c-coop1 $G --param variants=coop --param coop_per_sm=1 $F > $R/c-coop1.log 2>&1; echo "c coop1 rc=$?" >> $R/rc.txt
timeout 100 ./grosr bench c --iters 3 --out $R/c-sc $G --param variants=coop,grosr --param defines=BFS_FENCE_SC=1 $F > $R/c-sc.log 2>&1; echo "c sc rc=$?" >> $R/rc.txt
G2="--param graphs=grid:1000x1000,grid:4000x4000,rgg:1000000:10:1"
timeout 60 ./grosr bench c --iters 3 --out $R/c-ob128 $G2 --param variants=grosr --param defines=BFS_ONE_BLOCK=128 $F > $R/c-ob128.log 2>&1; echo "c ob128 rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench c --iters 3 --out $R/c-cr32 $G2 --param variants=grosr --param defines=BFS_CREW_ROUND=32 $F > $R/c-cr32.log 2>&1; echo "c cr32 rc=$?" >> $R/rc.txt
