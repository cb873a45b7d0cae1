#!/usr/bin/env bash
# Session 9 run22: deferred verdicts (default) against carried targets (BFS_AQ_DEFER=0): BFS GPU tests, BFS_PROF, timings.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
GROSR_TEST_TIMEOUT=120 timeout 150 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=20"
G="grid:1000x1000,rgg:1000000,grid:4000x4000"
timeout 60 ./grosr bench c --iters 1 --out $R/prof $F --param graphs=grid:1000x1000,rgg:1000000 --param variants=grosr --param defines=BFS_PROF=1 > $R/prof.log 2>&1; echo "prof rc=$?" >> $R/rc.txt
run() { n=$1; shift; timeout 120 ./grosr bench c --iters 5 --out $R/$n $F --param graphs=$G --param variants=grosr "$@" > $R/$n.log 2>&1; echo "$n rc=$?" >> $R/rc.txt; }
run defer
run carry --param defines=BFS_AQ_DEFER=0
