#!/usr/bin/env bash
# Final run of the session: express check, every GPU test, all experiments (C quick), sanitizers.
set -u
O="$OUT/r"; mkdir -p "$O"
G=.gpu/grosr
export GROSR_CACHE_DIR=/tmp/gc
nvidia-smi > "$O/nvidia-smi.txt" 2>&1
RT=$(ls .gpu/tests/runtime_gpu-*); AL=$(ls .gpu/tests/alloc_gpu-*)
for i in 1 2 3 4; do
  timeout 20 $RT express_submissions_run_every_kind_of_task_exactly_once --exact --include-ignored --nocapture > "$O/express-$i.log" 2>&1; echo "express $i rc=$?" | tee -a "$O/rc.txt"
done
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=60 timeout 200 bash .gpu/gpu-test "$O/tests" > /dev/null 2>&1; echo "suite rc=$?" | tee -a "$O/rc.txt"
timeout 120 $G bench d --out "$O/d" > "$O/d.log" 2>&1; echo "d rc=$?" | tee -a "$O/rc.txt"
for e in a b bplus; do
  timeout 100 $G bench $e --out "$O/$e" --watchdog-s 15 --param job_timeout_s=8 --param dq_cap=32768 > "$O/$e.log" 2>&1; echo "$e rc=$?" | tee -a "$O/rc.txt"
done
timeout 100 $G bench c --quick --out "$O/c-quick" > "$O/c-quick.log" 2>&1; echo "c rc=$?" | tee -a "$O/rc.txt"
CS=$(ls /usr/local/cuda*/bin/compute-sanitizer 2>/dev/null | head -1)
for tool in memcheck racecheck; do
  GROSR_LINEINFO=1 timeout 60 "$CS" --tool $tool --report-api-errors no $AL small_ --include-ignored --test-threads=1 > "$O/sanitizer-alloc-$tool.log" 2>&1; echo "san $tool rc=$?" | tee -a "$O/rc.txt"
done
cd "$OUT" && tar czf o.tgz r
