#!/usr/bin/env bash
set -u
O="$OUT/r"; mkdir -p "$O"
export GROSR_CACHE_DIR=/tmp/gc
RT=$(ls .gpu/tests/runtime_gpu-*)
for i in 1 2 3 4 5 6; do
  s=$(date +%s.%N)
  timeout 25 $RT express_submissions_run_every_kind_of_task_exactly_once --exact --include-ignored --nocapture > "$O/express-$i.log" 2>&1; rc=$?
  echo "express $i rc=$rc $(echo "$(date +%s.%N) - $s" | bc)s" | tee -a "$O/rc.txt"
done
timeout 60 $RT shutdown_drain_cancel_and_drop_return_memory --exact --include-ignored --nocapture > "$O/shutdown.log" 2>&1; echo "shutdown rc=$?" | tee -a "$O/rc.txt"
cd "$OUT" && tar czf o.tgz r
