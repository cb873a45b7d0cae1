#!/usr/bin/env bash
# grosr = main (watch, fewer registers); GROSR_DEFINES=GROSR_POLLER_WATCH=0 = the previous poller.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 15 --param job_timeout_s=8 --param dq_cap=32768"
for v in "p-watch:1:" "old:0:GROSR_POLLER_WATCH=0" "watch:0:" "old2:0:GROSR_POLLER_WATCH=0" "watch2:0:"; do
IFS=: read name prof defs <<< "$v"
GROSR_PROF=$prof GROSR_DEFINES=$defs timeout 60 ./grosr bench a --out $R/a-$name $F > $R/a-$name.log 2>&1; echo "a $name rc=$?" >> $R/rc.txt
done
for v in "old:GROSR_POLLER_WATCH=0" "watch:" "old2:GROSR_POLLER_WATCH=0" "watch2:"; do
IFS=: read name defs <<< "$v"
GROSR_DEFINES=$defs timeout 60 ./grosr bench b --iters 5 --out $R/b-$name --param ns=10000,50000,1000000 $F > $R/b-$name.log 2>&1; echo "b $name rc=$?" >> $R/rc.txt
done
timeout 120 ./grosr bench bplus --out $R/bp-watch --param ns=10000,50000 $F > $R/bp-watch.log 2>&1; echo "bp rc=$?" >> $R/rc.txt
for v in "old:GROSR_POLLER_WATCH=0" "watch:"; do
IFS=: read name defs <<< "$v"
GROSR_DEFINES=$defs timeout 120 ./grosr bench c --quick --out $R/c-$name $F > $R/c-$name.log 2>&1; echo "c $name rc=$?" >> $R/rc.txt
done
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=60 timeout 240 bash ./gpu-test $R/tests > $R/tests.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
