#!/usr/bin/env bash
# Session 15 run17: is run16's racecheck hazard in block_classify the runtime's own? racecheck over
# the runtime test warp_and_block_width_tasks (thread, warp and block tasks, no BFS), and memcheck.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
CS=$(ls /usr/local/cuda*/bin/compute-sanitizer 2>/dev/null | head -1)
RT=$(ls tests/runtime_gpu-* | head -1)
for tool in racecheck memcheck; do
  GROSR_LINEINFO=1 timeout 250 "$CS" --tool $tool --report-api-errors no $RT warp_and_block_width_tasks --include-ignored --test-threads=1 > $R/sanitizer-runtime-$tool.log 2>&1; echo "$tool rc=$?" >> $R/rc.txt
done
