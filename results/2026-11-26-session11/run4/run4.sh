#!/usr/bin/env bash
# Session 11 run4: bench a (ns=100), HEAD against session 10's final binary (e8db836), interleaved in one call.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 15 --param job_timeout_s=8 --param ns=100"
for i in 1 2 3; do for b in grosr grosr-s10; do
timeout 60 ./$b bench a --out $R/a-$b-$i $F > $R/a-$b-$i.log 2>&1; echo "a $b $i rc=$?" >> $R/rc.txt
done; done
