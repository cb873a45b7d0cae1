#!/usr/bin/env bash
# Session 13 run9: block-wide classify, one-job accounting without two barriers, warp-aggregated
# type counts. Runtime GPU tests (with the new block-fan test) and BFS tests; B fan / tree under
# spill policies; PROF trace of the fan at 1M; A (ns=1000) and a BFS subset against HEAD (grosr-head).
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_TEST_TIMEOUT=120 timeout 240 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7"
one() { local bin=$1 name=$2 defs=$3; shift 3
  GROSR_DEFINES=$defs timeout 60 $bin bench b --out $R/$name $F "$@" > $R/$name.log 2>&1; echo "$name rc=$?" >> $R/rc.txt; }
K=GROSR_SPILL_KEEP=2304,GROSR_SPILL_TIER_HALF=0
one ./grosr-head head "" --param ns=10000,1000000
one ./grosr def "" --param ns=10000,1000000 --param fan_chunk=512
one ./grosr k512 GROSR_SPILL_KEEP=512 --param ns=10000,1000000 --param fan_chunk=512 --param variants=grosr_device,grosr_fan
one ./grosr fk $K --param ns=10000,1000000 --param variants=grosr_fan --param fan_chunk=512
one ./grosr fkc0 $K --param ns=10000,1000000 --param variants=grosr_fan
GROSR_PROF=1 one ./grosr pfan $K,GROSR_MIN_BLOCKS_PER_SM=5 --param variants=grosr_fan --param fan_chunk=512 --param ns=1000000
for c in head new; do b=./grosr; [ $c = head ] && b=./grosr-head
timeout 60 $b bench a --out $R/a-$c --watchdog-s 30 --param ns=1000 > $R/a-$c.log 2>&1; echo "a $c rc=$?" >> $R/rc.txt
done
FC="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=grosr --param graphs=chain:20000,grid:1000x1000,grid:4000x4000,gnp:10000:0.01,rmat:20,rgg:1000000"
for c in head new; do b=./grosr; [ $c = head ] && b=./grosr-head
timeout 100 $b bench c --out $R/c-$c $FC > $R/c-$c.log 2>&1; echo "c $c rc=$?" >> $R/rc.txt
done
rm -rf $R/cache
