#!/usr/bin/env bash
# Session 9 run19: final state: BFS GPU tests; Exp C, every graph and variant (coop 2/SM), the cooperative kernel at 1/SM.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_TEST_TIMEOUT=120 timeout 150 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=30"
timeout 200 ./grosr bench c --iters 5 --out $R/c $F > $R/c.log 2>&1; echo "c rc=$?" >> $R/rc.txt
timeout 100 ./grosr bench c --iters 5 --out $R/c-coop1 --param variants=coop --param coop_per_sm=1 $F > $R/c-coop1.log 2>&1; echo "c coop1 rc=$?" >> $R/rc.txt
