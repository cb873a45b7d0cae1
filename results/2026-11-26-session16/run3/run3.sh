#!/usr/bin/env bash
# Session 16 run3: the idle blocks' backoff cap (GROSR_IDLE_SLEEP_MAX_NS 128 default / 512 / 1024 /
# 4096): B's fan (wide profile) at 10k and 1M, A's latencies, and a BFS subset.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=10 --iters 9"
V="--param ns=10000,1000000 --param variants=bulk,grosr_fan,grosr_range"
for s in 128 512 1024 4096; do
  GROSR_DEFINES=GROSR_IDLE_SLEEP_MAX_NS=${s}u timeout 60 ./grosr bench bplus --out $R/b-$s $F $V > $R/b-$s.log 2>&1; echo "b $s rc=$?" >> $R/rc.txt
  GROSR_DEFINES=GROSR_IDLE_SLEEP_MAX_NS=${s}u timeout 60 ./grosr bench a --out $R/a-$s --watchdog-s 30 --param ns=100 > $R/a-$s.log 2>&1; echo "a $s rc=$?" >> $R/rc.txt
done
FC="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=grosr --param graphs=chain:20000,grid:1000x1000,gnp:10000:0.01,rmat:20,rgg:1000000"
for s in 128 1024 4096; do
  GROSR_DEFINES=GROSR_IDLE_SLEEP_MAX_NS=${s}u timeout 100 ./grosr bench c --out $R/c-$s $FC > $R/c-$s.log 2>&1; echo "c $s rc=$?" >> $R/rc.txt
done
rm -rf $R/cache
