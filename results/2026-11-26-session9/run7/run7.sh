#!/usr/bin/env bash
# Session 9 run7: async BFS idle pause cap sweep 2048 (default) / 4096 / 8192 / 16384 on grids and rgg.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
F="--watchdog-s 30 --param job_timeout_s=20 --iters 5"
G="grid:1000x1000,rgg:1000000,grid:4000x4000"
for ns in 2048 4096 8192 16384; do
timeout 120 ./grosr bench c --out $R/idle$ns $F --param graphs=$G --param variants=grosr --param defines=BFS_AQ_IDLE_MAX_NS=$ns > $R/idle$ns.log 2>&1; echo "idle$ns rc=$?" >> $R/rc.txt
done
