#!/usr/bin/env bash
# Session 10 run4: ping with the request in write-combined memory.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
F="--watchdog-s 15 --param job_timeout_s=8"
S="1x1x0,1x1x0wc,2x1x1000wc,2x2x800wc,1x1x0,1x1x0wc"
for i in 1 2; do
  timeout 60 ./grosr bench a --param ns=100 --param ping_shapes=$S --out $R/a-ping-$i $F > $R/a-ping-$i.log 2>&1; echo "a ping-$i rc=$?" >> $R/rc.txt
done
