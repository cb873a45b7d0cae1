#!/usr/bin/env bash
# 128 KB slabs: allocator tests, Exp D against the 64 KB code in one call, fence toggle.
set -u
O="$OUT/r"; mkdir -p "$O"
G=.gpu/grosr; OLD=.gpu/old/grosr
export GROSR_CACHE_DIR=/tmp/gc
nvidia-smi > "$O/nvidia-smi.txt" 2>&1
AL=$(ls .gpu/tests/alloc_gpu-*)
timeout 150 $AL --include-ignored --test-threads=1 > "$O/alloc-tests.log" 2>&1; echo "alloc tests rc=$?" | tee "$O/rc.txt"
d() { local name=$1 bin=$2; shift 2; timeout 150 $bin bench d --out "$O/d-$name" --param variants=grosr "$@" > "$O/d-$name.log" 2>&1; echo "d $name rc=$?" | tee -a "$O/rc.txt"; }
d old-targets $OLD --param preset=targets
d new-targets $G --param preset=targets
d new4-targets $G --param preset=targets --param slots_per_sm=4
GROSR_CACHE_DIR=/tmp/gc2 GROSR_EXTRA_DEFINES=GROSR_ALLOC_OLD_FENCES d newoldf-targets $G --param preset=targets --param slots_per_sm=4
d old-seed2 $OLD --param preset=seed2
d new-seed2 $G --param preset=seed2
d old-seed1 $OLD --param preset=seed1
d new-seed1 $G --param preset=seed1
cd "$OUT" && tar czf o.tgz r
