#!/usr/bin/env bash
# Session 16 run5: spawns aggregated per warp (GROSR_SPAWN_AGG: one shared atomic for a warp's stack
# spawns; GROSR_SPAWN_ON_AGG: one job reduction for a warp's spawn_ons, which costs Exp B's program
# 48 -> 64 registers unless GROSR_MIN_BLOCKS_PER_SM=5): B's fan (wide) at 10k / 1M; a BFS subset
# with both on (default) and both off in the same call; runtime and BFS GPU tests.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=10 --iters 9"
one() { local name=$1 defs=$2; shift 2
  GROSR_DEFINES=$defs timeout 60 ./grosr bench bplus --out $R/$name $F "$@" > $R/$name.log 2>&1; echo "$name rc=$?" >> $R/rc.txt; }
V="--param ns=10000,1000000 --param variants=bulk,grosr_fan --param fan_chunk=1024"
one d "" $V
one on0 GROSR_SPAWN_ON_AGG=0 $V
one m5 GROSR_MIN_BLOCKS_PER_SM=5 $V
one off GROSR_SPAWN_AGG=0,GROSR_SPAWN_ON_AGG=0 $V
one m5-c1894 GROSR_MIN_BLOCKS_PER_SM=5 --param ns=10000,1000000 --param variants=bulk,grosr_fan --param fan_chunk=1894
one m5b GROSR_MIN_BLOCKS_PER_SM=5 $V
one on0b GROSR_SPAWN_ON_AGG=0 $V
FC="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=grosr --param graphs=chain:20000,grid:1000x1000,gnp:10000:0.01,rmat:20,rgg:1000000"
GROSR_DEFINES=GROSR_SPAWN_AGG=0,GROSR_SPAWN_ON_AGG=0 timeout 100 ./grosr bench c --out $R/c-off $FC > $R/c-off.log 2>&1; echo "c off rc=$?" >> $R/rc.txt
timeout 100 ./grosr bench c --out $R/c-on $FC > $R/c-on.log 2>&1; echo "c on rc=$?" >> $R/rc.txt
GROSR_TEST_TIMEOUT=120 timeout 200 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
rm -rf $R/cache
