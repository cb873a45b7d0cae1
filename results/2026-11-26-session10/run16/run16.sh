#!/usr/bin/env bash
# Session 10 run16: host-fed 1M against the ring's size (default 2^20 slots, 16 MB; smaller rings stay in the host's caches).
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
F="--watchdog-s 15 --param job_timeout_s=8"
vb() { local name=$1; shift
  timeout 60 ./grosr bench b --iters 7 --out $R/b-$name --param ns=1000000 --param dq_cap=32768 "$@" $F > $R/b-$name.log 2>&1; echo "b $name rc=$?" >> $R/rc.txt; }
for i in 1 2; do
vb def-$i
vb r16-$i --param ing_cap=65536
vb r17-$i --param ing_cap=131072
vb r18-$i --param ing_cap=262144
done
