#!/usr/bin/env bash
# Session 10 run17: bench b with session 9's final binary (9b8aabf) against HEAD's, interleaved: is host-fed 1M the code or the host?
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
F="--watchdog-s 15 --param job_timeout_s=8"
for i in 1 2 3; do
  timeout 60 ./grosr-s9 bench b --iters 7 --out $R/b-s9-$i --param ns=10000,50000,1000000 --param dq_cap=32768 $F > $R/b-s9-$i.log 2>&1; echo "b s9 $i rc=$?" >> $R/rc.txt
  timeout 60 ./grosr bench b --iters 7 --out $R/b-head-$i --param ns=10000,50000,1000000 --param dq_cap=32768 $F > $R/b-head-$i.log 2>&1; echo "b head $i rc=$?" >> $R/rc.txt
done
