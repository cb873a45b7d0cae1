#!/usr/bin/env bash
# Session 10 run3: ping over 32-byte sectors (L2 merges reads of one sector?); HEAD a against GROSR_POLLER_WATCH=1.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 15 --param job_timeout_s=8"
S="1x1x0,2x1x1000,2x2x0,2x2x800,2x2x1600,3x3x1100,4x2x800,4x4x0,4x4x800"
va() { local name=$1; shift
  env "$@" timeout 60 ./grosr bench a --param ns=1000 --out $R/a-$name $F > $R/a-$name.log 2>&1; echo "a $name rc=$?" >> $R/rc.txt; }

for i in 1 2; do
  timeout 60 ./grosr bench a --param ns=1000 --param ping_shapes=$S --out $R/a-ping-$i $F > $R/a-ping-$i.log 2>&1; echo "a ping-$i rc=$?" >> $R/rc.txt
  va watch-$i GROSR_DEFINES=GROSR_POLLER_WATCH=1
done
