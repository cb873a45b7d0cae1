#!/usr/bin/env bash
set -u
O="$OUT/r"; mkdir -p "$O"
G=.gpu/grosr
export GROSR_CACHE_DIR=/tmp/gc
nvidia-smi > "$O/nvidia-smi.txt" 2>&1
timeout 60 $G bench a --out "$O/a" --watchdog-s 15 --param job_timeout_s=8 --param dq_cap=32768 > "$O/a.log" 2>&1
timeout 40 $G bench b --out "$O/b" --watchdog-s 15 --param job_timeout_s=8 --param dq_cap=32768 > "$O/b.log" 2>&1
timeout 60 $G bench bplus --out "$O/bplus" --watchdog-s 20 --param job_timeout_s=8 --param dq_cap=32768 > "$O/bplus.log" 2>&1
timeout 110 $G bench d --out "$O/d" > "$O/d.log" 2>&1
timeout 45 $G bench c --quick --out "$O/c" > "$O/c.log" 2>&1
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=60 timeout 170 bash .gpu/gpu-test "$O/tests" > "$O/gpu-test.out" 2>&1
cd "$OUT" && tar czf o.tgz r
