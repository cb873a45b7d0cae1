#!/usr/bin/env bash
set -u
O="$OUT/r"; mkdir -p "$O"
G=.gpu/grosr
export GROSR_CACHE_DIR=/tmp/gc
nvidia-smi > "$O/nvidia-smi.txt" 2>&1
d() { local name=$1 bin=$2; shift 2; timeout 240 $bin bench d --out "$O/d-$name" "$@" > "$O/d-$name.log" 2>&1; echo "d $name rc=$?" | tee -a "$O/rc.txt"; }
for rep in 1 2; do
  d new-targets-$rep $G --param preset=targets --param variants=grosr
  d cur-targets-$rep .gpu/bins/grosr-3e66943 --param preset=targets --param variants=grosr
  d old-targets-$rep .gpu/bins/grosr-56afde5 --param preset=targets --param variants=grosr
done
d new-seed $G --param preset=seed2 --param variants=grosr
d cur-seed .gpu/bins/grosr-3e66943 --param preset=seed2 --param variants=grosr
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=60 timeout 300 bash .gpu/gpu-test "$O/tests" > /dev/null 2>&1; echo "suite rc=$?" | tee -a "$O/rc.txt"
cd "$OUT" && tar czf o.tgz r
