#!/usr/bin/env bash
# Session 8 run9: Exp C, every graph and variant, with the new baselines; coop at 1 block per SM; B+ at 1M.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=30"
timeout 300 ./grosr bench c --iters 3 --out $R/c $F > $R/c.log 2>&1; echo "c rc=$?" >> $R/rc.txt
timeout 120 ./grosr bench c --iters 3 --out $R/c-coop1 --param variants=coop --param coop_per_sm=1 $F > $R/c-coop1.log 2>&1; echo "c coop1 rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench bplus --out $R/bp1m --param ns=1000000 --param dq_cap=32768 --watchdog-s 15 --param job_timeout_s=8 > $R/bp1m.log 2>&1; echo "bp1m rc=$?" >> $R/rc.txt
