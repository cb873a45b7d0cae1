#!/usr/bin/env bash
set -u
O="$OUT/r"; mkdir -p "$O"
G=.gpu/grosr; OLD=.gpu/old/grosr
export GROSR_CACHE_DIR=/tmp/gc
nvidia-smi > "$O/nvidia-smi.txt" 2>&1
AL=$(ls .gpu/tests/alloc_gpu-*)
timeout 150 $AL --include-ignored --test-threads=1 > "$O/alloc-tests.log" 2>&1; echo "alloc tests rc=$?" | tee "$O/rc.txt"
d() { local name=$1 bin=$2; shift 2; timeout 240 $bin bench d --out "$O/d-$name" "$@" > "$O/d-$name.log" 2>&1; echo "d $name rc=$?" | tee -a "$O/rc.txt"; }
d all $G
d s8-targets $G --param preset=targets --param variants=grosr --param slots_per_sm=8
d old-targets $OLD --param preset=targets --param variants=grosr
CS=$(ls /usr/local/cuda*/bin/compute-sanitizer 2>/dev/null | head -1)
for tool in memcheck racecheck; do
  GROSR_LINEINFO=1 timeout 200 "$CS" --tool $tool --report-api-errors no $AL small_ --include-ignored --test-threads=1 > "$O/sanitizer-$tool.log" 2>&1; echo "san $tool rc=$?" | tee -a "$O/rc.txt"
done
cd "$OUT" && tar czf o.tgz r
