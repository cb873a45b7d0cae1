#!/usr/bin/env bash
# Allocator two-slab word: tests, Exp D before/after in one call, sanitizers, full suite.
set -u
O="$OUT/r"; mkdir -p "$O"
G=.gpu/grosr; OLD=.gpu/old/grosr
export GROSR_CACHE_DIR=/tmp/gc
nvidia-smi > "$O/nvidia-smi.txt" 2>&1
AL=$(ls .gpu/tests/alloc_gpu-*)
timeout 150 $AL --include-ignored --test-threads=1 > "$O/alloc-tests.log" 2>&1; echo "alloc tests rc=$?" | tee "$O/rc.txt"
for v in new old; do
  B=$G; [ $v = old ] && B=$OLD
  for p in targets seed2; do
    timeout 150 $B bench d --out "$O/d-$v-$p" --param preset=$p --param variants=grosr > "$O/d-$v-$p.log" 2>&1; echo "d $v $p rc=$?" | tee -a "$O/rc.txt"
  done
done
CS=$(ls /usr/local/cuda*/bin/compute-sanitizer 2>/dev/null | head -1)
for tool in memcheck racecheck; do
  GROSR_LINEINFO=1 timeout 200 "$CS" --tool $tool --report-api-errors no $AL small_ --include-ignored --test-threads=1 > "$O/sanitizer-$tool.log" 2>&1; echo "san $tool rc=$?" | tee -a "$O/rc.txt"
done
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=60 timeout 280 bash .gpu/gpu-test "$O/tests" > /dev/null 2>&1; echo "suite rc=$?" | tee -a "$O/rc.txt"
cd "$OUT" && tar czf o.tgz r
