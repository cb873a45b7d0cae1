#!/usr/bin/env bash
set -u
O="$OUT/r"; mkdir -p "$O"
G=.gpu/grosr
export GROSR_CACHE_DIR=/tmp/gc
DG=$(ls .gpu/tests/device_gpu-*)
timeout 30 $DG mapped_memory_host_write_rate --exact --include-ignored --nocapture > "$O/write-rate.log" 2>&1
timeout 95 $G bench c --iters 2 --out "$O/c1" --param graphs=chain:5000,chain:10000,chain:1000000,grid:4000x4000 > "$O/c1.log" 2>&1
timeout 95 $G bench c --iters 2 --out "$O/c2" --param graphs=rmat:20,rmat:22,rgg:1000000 > "$O/c2.log" 2>&1
cd "$OUT" && tar czf o.tgz r
