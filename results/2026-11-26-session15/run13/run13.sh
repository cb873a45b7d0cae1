#!/usr/bin/env bash
# Session 15 run13: the grosr variant over the full default graph set (every graph uploaded at once,
# as in run8/run12), interleaved: ./grosr (barrier-mode arrays only on graphs of > 4 edges a vertex),
# cur/grosr (run12's build, c49853c), old/grosr (session 14's final build, 8fa9bc8). BFS GPU tests.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_TEST_TIMEOUT=120 timeout 200 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=30 --iters 5 --param variants=grosr"
run() { n=$1; b=$2; shift 2; timeout 110 $b bench c --out $R/$n "$@" > $R/$n.log 2>&1; echo "$n rc=$?" >> $R/rc.txt; }
run new-a ./grosr $F
run old-a ./old/grosr $F
run cur-a ./cur/grosr $F
run new-b ./grosr $F
run old-b ./old/grosr $F
rm -rf $R/cache
