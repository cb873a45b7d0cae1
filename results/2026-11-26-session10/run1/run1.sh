#!/usr/bin/env bash
# Session 10 run1: pinned ping shapes (staggered responders, one or several request lines); bench a baseline.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 15 --param job_timeout_s=8"
S="1x1x0,2x1x1000,4x1x500,2x2x1000,4x4x0,4x4x500,4x4x1000,8x8x250,8x8x500,16x16x250,32x32x125"
for i in 1 2; do
  timeout 90 ./grosr bench a --param ns=1000 --param ping_shapes=$S --out $R/a-$i $F > $R/a-$i.log 2>&1; echo "a $i rc=$?" >> $R/rc.txt
done
