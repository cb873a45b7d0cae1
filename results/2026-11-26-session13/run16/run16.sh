#!/usr/bin/env bash
# Session 13 run16: spills only from a stack that grew this iteration (GROSR_SPILL_GROWING=1)
# against the default, one binary: runtime + BFS GPU tests under it; B tree and fan; BFS subset.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
GROSR_DEFINES=GROSR_SPILL_GROWING=1 GROSR_TEST_TIMEOUT=120 timeout 200 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=grosr_device,grosr_fan --param ns=10000,50000,1000000"
for i in 1 2; do for g in 0 1; do
GROSR_DEFINES=GROSR_SPILL_GROWING=$g timeout 60 ./grosr bench b --out $R/b$i-g$g $F > $R/b$i-g$g.log 2>&1; echo "b$i g$g rc=$?" >> $R/rc.txt
done; done
FC="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=grosr --param graphs=chain:20000,grid:1000x1000,gnp:10000:0.01,rmat:20,rgg:1000000"
for g in 0 1; do
GROSR_DEFINES=GROSR_SPILL_GROWING=$g timeout 100 ./grosr bench c --out $R/c-g$g $FC > $R/c-g$g.log 2>&1; echo "c g$g rc=$?" >> $R/rc.txt
done
rm -rf $R/cache
