#!/usr/bin/env bash
# Session 17 run4: which of the three changes moves the BFS subset (new defaults against each one
# off), twice, interleaved; B's tree and host-fed variants and A's express latency, new against the
# lone-steal rule off.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
FC="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=grosr --param graphs=chain:20000,grid:1000x1000,gnp:10000:0.01,rmat:20,rgg:1000000"
for rep in 1 2; do
for v in new:"" pp0:GROSR_PUSH_PAR=0 mf0:GROSR_MATCH_FAST=0 l0:GROSR_STEAL_LONE_NS=0; do
  GROSR_DEFINES=${v#*:} timeout 100 ./grosr bench c --out $R/c-${v%%:*}-$rep $FC > $R/c-${v%%:*}-$rep.log 2>&1; echo "c ${v%%:*}-$rep rc=$?" >> $R/rc.txt
done
done
F="--watchdog-s 30 --param job_timeout_s=10 --iters 9"
for rep in 1 2; do
for v in new:"" l0:GROSR_STEAL_LONE_NS=0; do
  GROSR_DEFINES=${v#*:} timeout 60 ./grosr bench b --out $R/b-${v%%:*}-$rep $F --param ns=10000,1000000 --param variants=grosr_host,grosr_device > $R/b-${v%%:*}-$rep.log 2>&1; echo "b ${v%%:*}-$rep rc=$?" >> $R/rc.txt
  GROSR_DEFINES=${v#*:} timeout 60 ./grosr bench a --out $R/a-${v%%:*}-$rep $F --param ns=100 > $R/a-${v%%:*}-$rep.log 2>&1; echo "a ${v%%:*}-$rep rc=$?" >> $R/rc.txt
done
done
rm -rf $R/cache
