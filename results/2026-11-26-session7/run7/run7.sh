#!/usr/bin/env bash
# grosr = main: watching poller, gated poller CAS, express_seen off the idle line.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 15 --param job_timeout_s=8"
for rep in 1 2; do
for v in "watch:" "old:GROSR_POLLER_WATCH=0" "idle256:GROSR_IDLE_SLEEP_MAX_NS=256u" "idle16k:GROSR_IDLE_SLEEP_MAX_NS=16384u"; do
IFS=: read name defs <<< "$v"
GROSR_DEFINES=$defs timeout 60 ./grosr bench a --out $R/a-$name-$rep --param ns=1000 $F > $R/a-$name-$rep.log 2>&1; echo "a $name $rep rc=$?" >> $R/rc.txt
done; done
GROSR_PROF=1 timeout 60 ./grosr bench a --out $R/a-prof $F > $R/a-prof.log 2>&1; echo "a prof rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench a --out $R/a-full $F > $R/a-full.log 2>&1; echo "a full rc=$?" >> $R/rc.txt
for v in "old:GROSR_POLLER_WATCH=0" "watch:"; do
IFS=: read name defs <<< "$v"
GROSR_DEFINES=$defs timeout 60 ./grosr bench b --iters 5 --out $R/b-$name --param ns=10000,50000,1000000 --param dq_cap=32768 $F > $R/b-$name.log 2>&1; echo "b $name rc=$?" >> $R/rc.txt
done
timeout 120 ./grosr bench bplus --out $R/bp --param ns=10000,50000 --param dq_cap=32768 $F > $R/bp.log 2>&1; echo "bp rc=$?" >> $R/rc.txt
timeout 120 ./grosr bench c --quick --out $R/c $F > $R/c.log 2>&1; echo "c rc=$?" >> $R/rc.txt
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=60 timeout 240 bash ./gpu-test $R/tests > $R/tests.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
