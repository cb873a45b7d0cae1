#!/usr/bin/env bash
set -u
O="$OUT/r"; mkdir -p "$O"
timeout 120 .gpu/grosr bench d --threads 65536 --iters 256 --size 64 --mode 0 --reps 3 --out "$O/d-cli" > "$O/d-cli.log" 2>&1; echo "rc=$?" >> "$O/d-cli.log"
