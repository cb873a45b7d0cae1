#!/usr/bin/env bash
# Session 17 run7: thieves read the clock only for a lone task. A's latencies (the express p50 settles
# per process: three processes each) with the lone-task rule on / off, interleaved; B+ fan at 1M.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=10 --iters 9"
for rep in 1 2 3; do
for v in new:"" l0:GROSR_STEAL_LONE_NS=0; do
  n=${v%%:*}-$rep; export GROSR_DEFINES=${v#*:}
  timeout 60 ./grosr bench a --out $R/a-$n $F --param ns=100 > $R/a-$n.log 2>&1; echo "a $n rc=$?" >> $R/rc.txt
  [ $rep != 3 ] && { timeout 60 ./grosr bench bplus --out $R/fan-$n $F --param ns=10000,50000,1000000 --param variants=bulk,grosr_fan > $R/fan-$n.log 2>&1; echo "fan $n rc=$?" >> $R/rc.txt; }
done
done
rm -rf $R/cache
