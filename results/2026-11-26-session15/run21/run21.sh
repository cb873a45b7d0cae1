#!/usr/bin/env bash
# Session 15 run21 (final build: crews take 8-item rounds on graphs of >= 64 edges a vertex): BFS GPU
# tests; the full bench c (every graph and variant) and the cooperative kernels at 1/SM.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_TEST_TIMEOUT=120 timeout 150 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=30 --iters 5"
timeout 220 ./grosr bench c --out $R/c $F > $R/c.log 2>&1; echo "c rc=$?" >> $R/rc.txt
timeout 90 ./grosr bench c --out $R/c-coop1 $F --param variants=coop,coop_warp --param coop_per_sm=1 > $R/c-coop1.log 2>&1; echo "c coop1 rc=$?" >> $R/rc.txt
timeout 40 ./grosr bench c --out $R/gnp --watchdog-s 30 --param job_timeout_s=10 --iters 15 --param variants=grosr,coop_warp --param graphs=gnp:10000:0.01 > $R/gnp.log 2>&1; echo "gnp rc=$?" >> $R/rc.txt
rm -rf $R/cache
