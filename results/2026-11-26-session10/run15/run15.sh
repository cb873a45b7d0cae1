#!/usr/bin/env bash
# Session 10 run15: HEAD (same binaries as run13/14): bench b x3 (host-fed 1M varies with the host's CPU between calls).
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
F="--watchdog-s 15 --param job_timeout_s=8"
for i in 1 2 3; do timeout 60 ./grosr bench b --iters 5 --out $R/b-$i --param ns=10000,50000,1000000 --param dq_cap=32768 $F > $R/b-$i.log 2>&1; echo "b $i rc=$?" >> $R/rc.txt; done
