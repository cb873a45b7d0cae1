#!/usr/bin/env bash
# Express slot: runtime, fault and reliability tests; Exp A with both paths.
set -u
O="$OUT/r"; mkdir -p "$O"
G=.gpu/grosr
export GROSR_CACHE_DIR=/tmp/gc
RT=$(ls .gpu/tests/runtime_gpu-*)
timeout 40 $RT express_ --include-ignored --nocapture > "$O/express-test.log" 2>&1; echo "express test rc=$?" | tee -a "$O/rc.txt"
timeout 60 $G bench a --out "$O/a" --watchdog-s 15 --param job_timeout_s=8 > "$O/a.log" 2>&1; echo "a rc=$?" | tee -a "$O/rc.txt"
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=60 timeout 300 bash .gpu/gpu-test "$O/tests" > /dev/null 2>&1; echo "suite rc=$?" | tee -a "$O/rc.txt"
cd "$OUT" && tar czf o.tgz r
