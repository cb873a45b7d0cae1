#!/usr/bin/env bash
# Session 18 run6: why grid 1000^2 varies between runs of one build (3.4-4.1 ms): BFS_PROF in three
# processes, 9 iterations each, with the last worker's life and its SM's clock; three plain processes.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=30 --param variants=grosr --param graphs=grid:1000x1000 --iters 9"
for rep in 1 2 3; do
  timeout 60 ./grosr bench c --out $R/prof$rep $F --param defines=BFS_PROF=1 > $R/prof$rep.log 2>&1; echo "prof$rep rc=$?" >> $R/rc.txt
  timeout 60 ./grosr bench c --out $R/plain$rep $F > $R/plain$rep.log 2>&1; echo "plain$rep rc=$?" >> $R/rc.txt
done
nvidia-smi -q -d CLOCK,PERFORMANCE > $R/clocks-after.txt 2>&1
rm -rf $R/cache
