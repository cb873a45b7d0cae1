#!/usr/bin/env bash
# Session 15 run3 (run2 + items spread over workers first): BFS GPU tests; rgg lanes x pre-check.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_TEST_TIMEOUT=120 timeout 150 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param graphs=rgg:1000000"
run() { n=$1; shift; timeout 100 ./grosr bench c --out $R/$n "$@" > $R/$n.log 2>&1; echo "$n rc=$?" >> $R/rc.txt; }
run cw $F --param variants=coop_warp
for l in 4 8 16 32; do for p in 1 0; do
run l$l-p$p $F --param variants=grosr --param defines=BFS_BAR_LANES=$l+BFS_BAR_PRECHECK=$p
done; done
run l16b $F --param variants=grosr --param defines=BFS_BAR_LANES=16
run cwb $F --param variants=coop_warp
rm -rf $R/cache
