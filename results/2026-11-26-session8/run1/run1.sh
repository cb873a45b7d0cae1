#!/usr/bin/env bash
# Session 8 run1: write_run host loop + fair-share ingress takes (db14ec9).
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
lscpu > $R/lscpu.txt 2>&1
F="--watchdog-s 15 --param job_timeout_s=8"
B="--param dq_cap=32768"
for c in 20 16; do GROSR_RATE_CAP_LOG2=$c timeout 60 ./tests/grosr-* host_rate --ignored --nocapture > $R/host-rate-$c.log 2>&1; echo "host rate $c rc=$?" >> $R/rc.txt; done
timeout 60 ./grosr bench b --iters 5 --out $R/b --param ns=10000,50000,1000000 $B $F > $R/b.log 2>&1; echo "b rc=$?" >> $R/rc.txt
GROSR_DEFINES=GROSR_INGRESS_MIN_TAKE=0 timeout 60 ./grosr bench b --iters 5 --out $R/b-take0 --param ns=10000,50000,1000000 $B $F > $R/b-take0.log 2>&1; echo "b take0 rc=$?" >> $R/rc.txt
GROSR_DEFINES=GROSR_INGRESS_MIN_TAKE=32 timeout 60 ./grosr bench b --iters 5 --out $R/b-take32 --param ns=10000,50000,1000000 $B $F > $R/b-take32.log 2>&1; echo "b take32 rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench b --iters 5 --out $R/b-cap16 --param ns=10000,50000,1000000 --param ing_cap=65536 $B $F > $R/b-cap16.log 2>&1; echo "b cap16 rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench b --iters 5 --out $R/b-pipe --param ns=10000,50000,1000000 --param ingress_pipeline=1 $B $F > $R/b-pipe.log 2>&1; echo "b pipe rc=$?" >> $R/rc.txt
timeout 120 ./grosr bench bplus --out $R/bp --param ns=10000,50000 $B $F > $R/bp.log 2>&1; echo "bp rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench a --param ns=1000 --out $R/a $F > $R/a.log 2>&1; echo "a rc=$?" >> $R/rc.txt
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=60 timeout 240 bash ./gpu-test $R/tests > $R/tests.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
