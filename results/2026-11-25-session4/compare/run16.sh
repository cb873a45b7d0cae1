#!/usr/bin/env bash
set -u
O="$OUT/r"; mkdir -p "$O"
export GROSR_CACHE_DIR=/tmp/gc
timeout 300 .gpu/grosr bench d --out "$O/d-targets-baselines" --param preset=targets --param variants=cuda_malloc,seed_static > "$O/d-targets-baselines.log" 2>&1; echo "d rc=$?" | tee -a "$O/rc.txt"
cd "$OUT" && tar czf o.tgz r
