#!/usr/bin/env bash
# Session 9 run11: async BFS blind relaxation (default) vs pre-checked; BFS GPU tests with it.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
GROSR_TEST_TIMEOUT=120 timeout 150 bash ./gpu-test $R/tests bfs_gpu > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=20 --iters 5"
G="grid:1000x1000,rgg:1000000,grid:4000x4000"
timeout 120 ./grosr bench c --out $R/blind $F --param graphs=$G --param variants=grosr > $R/blind.log 2>&1; echo "blind rc=$?" >> $R/rc.txt
timeout 120 ./grosr bench c --out $R/checked $F --param graphs=$G --param variants=grosr --param defines=BFS_AQ_BLIND=0 > $R/checked.log 2>&1; echo "checked rc=$?" >> $R/rc.txt
