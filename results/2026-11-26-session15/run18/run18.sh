#!/usr/bin/env bash
# Session 15 run18: BlockShared.cls_count 16-byte aligned (racecheck's hazard in block_classify).
# Every GPU test (short soak); racecheck over the runtime test and a barrier-mode BFS; then the
# new build (./grosr) against HEAD before it (old/grosr), interleaved: A's round trip, B+ fan at 1M,
# Exp C (grosr) on the latency-bound graphs.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=120 timeout 240 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
CS=$(ls /usr/local/cuda*/bin/compute-sanitizer 2>/dev/null | head -1)
RT=$(ls tests/runtime_gpu-* | head -1)
GROSR_LINEINFO=1 timeout 60 "$CS" --tool racecheck --report-api-errors no $RT warp_and_block_width_tasks --include-ignored --test-threads=1 > $R/racecheck-runtime.log 2>&1; echo "racecheck runtime rc=$?" >> $R/rc.txt
GROSR_LINEINFO=1 timeout 90 "$CS" --tool racecheck --report-api-errors no ./grosr bench c --out $R/racecheck-bfs --param graphs=rgg:20000 --param variants=grosr --iters 1 --watchdog-s 80 --param job_timeout_s=60 --param defines=BFS_PROF=1 > $R/racecheck-bfs.log 2>&1; echo "racecheck bfs rc=$?" >> $R/rc.txt
run() { n=$1; b=$2; shift 2; timeout 60 $b "$@" > $R/$n.log 2>&1; echo "$n rc=$?" >> $R/rc.txt; }
for r in a b; do for v in new old; do
B=./grosr; [ $v = old ] && B=./old/grosr
run a-$v-$r $B bench a --out $R/a-$v-$r --watchdog-s 30 --param ns=100
run bp-$v-$r $B bench bplus --out $R/bp-$v-$r --watchdog-s 30 --param job_timeout_s=10 --param ns=1000000 --param variants=bulk,grosr_fan
run c-$v-$r $B bench c --out $R/c-$v-$r --watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=grosr --param graphs=chain:20000,grid:1000x1000,gnp:10000:0.01,rgg:1000000
done; done
rm -rf $R/cache
