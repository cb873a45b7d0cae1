#!/usr/bin/env bash
# Same binaries as run7. The default about to be committed: GROSR_POLLER_WATCH=0 (set here by GROSR_DEFINES).
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 15 --param job_timeout_s=8"
export GROSR_DEFINES=GROSR_POLLER_WATCH=0
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=60 timeout 240 bash ./gpu-test $R/tests > $R/tests.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
for rep in 1 2; do
timeout 60 ./grosr bench a --out $R/a-old-$rep $F > $R/a-old-$rep.log 2>&1; echo "a old $rep rc=$?" >> $R/rc.txt
GROSR_DEFINES= timeout 60 ./grosr bench a --out $R/a-watch-$rep $F > $R/a-watch-$rep.log 2>&1; echo "a watch $rep rc=$?" >> $R/rc.txt
done
timeout 60 ./grosr bench b --iters 5 --out $R/b-old --param ns=10000,50000,1000000 --param dq_cap=32768 $F > $R/b-old.log 2>&1; echo "b old rc=$?" >> $R/rc.txt
timeout 120 ./grosr bench bplus --out $R/bp-old --param ns=10000,50000 --param dq_cap=32768 $F > $R/bp-old.log 2>&1; echo "bp old rc=$?" >> $R/rc.txt
