#!/usr/bin/env bash
# Session 9 run6: async BFS with the combined tail/pending word; idle pause cap 512 (default) / 128 / 2048.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
F="--watchdog-s 30 --param job_timeout_s=20 --iters 3"
G="grid:1000x1000,rgg:1000000,grid:4000x4000"
timeout 120 ./grosr bench c --out $R/def $F --param graphs=$G --param variants=grosr > $R/def.log 2>&1; echo "def rc=$?" >> $R/rc.txt
timeout 120 ./grosr bench c --out $R/idle2048 $F --param graphs=$G --param variants=grosr --param defines=BFS_AQ_IDLE_MAX_NS=2048 > $R/idle2048.log 2>&1; echo "idle2048 rc=$?" >> $R/rc.txt
timeout 120 ./grosr bench c --out $R/idle128 $F --param graphs=$G --param variants=grosr --param defines=BFS_AQ_IDLE_MAX_NS=128 > $R/idle128.log 2>&1; echo "idle128 rc=$?" >> $R/rc.txt
