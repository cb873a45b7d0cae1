#!/usr/bin/env bash
# Session 13 run1: where B's device-spawned 1M time goes (GROSR_PROF per fan-out), B+ bulk beside it.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=10 --iters 5"
timeout 60 ./grosr bench b --out $R/b $F > $R/b.log 2>&1; echo "b rc=$?" >> $R/rc.txt
for fo in 4 16 64; do
GROSR_PROF=1 timeout 60 ./grosr bench b --out $R/bp$fo $F --param ns=1000000 --param fanout=$fo > $R/bp$fo.log 2>&1; echo "bp$fo rc=$?" >> $R/rc.txt
done
GROSR_PROF=1 timeout 60 ./grosr bench b --out $R/bp10k $F --param ns=10000 > $R/bp10k.log 2>&1; echo "bp10k rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench bplus --out $R/bplus $F --param ns=10000,1000000 --param max_launch_n=0 > $R/bplus.log 2>&1; echo "bplus rc=$?" >> $R/rc.txt
rm -rf $R/cache
