#!/usr/bin/env bash
# Session 17 run11 (final build): full bench bplus, b and a; full bench c with the cooperative
# baselines at one block an SM beside it (as session 15 run21).
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
lscpu > $R/lscpu.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=10"
timeout 150 ./grosr bench bplus --out $R/bplus $F > $R/bplus.log 2>&1; echo "bplus rc=$?" >> $R/rc.txt
timeout 90 ./grosr bench b --out $R/b $F > $R/b.log 2>&1; echo "b rc=$?" >> $R/rc.txt
timeout 100 ./grosr bench a --out $R/a $F > $R/a.log 2>&1; echo "a rc=$?" >> $R/rc.txt
FC="--watchdog-s 30 --param job_timeout_s=30 --iters 5"
timeout 200 ./grosr bench c --out $R/c $FC > $R/c.log 2>&1; echo "c rc=$?" >> $R/rc.txt
timeout 80 ./grosr bench c --out $R/c-coop1 $FC --param variants=coop,coop_warp --param coop_per_sm=1 > $R/c-coop1.log 2>&1; echo "c coop1 rc=$?" >> $R/rc.txt
rm -rf $R/cache
