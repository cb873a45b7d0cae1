#!/usr/bin/env bash
# Session 10 run22: HEAD 985b3c5 (same binaries as run21): compute-sanitizer memcheck and racecheck over the allocator's small tests.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
CS=$(ls /usr/local/cuda*/bin/compute-sanitizer 2>/dev/null | head -1)
AL=$(ls tests/alloc_gpu-* | head -1)
for tool in memcheck racecheck; do
  GROSR_LINEINFO=1 timeout 150 "$CS" --tool $tool --report-api-errors no $AL small_ --include-ignored --test-threads=1 > $R/sanitizer-alloc-$tool.log 2>&1; echo "san $tool rc=$?" >> $R/rc.txt
done
