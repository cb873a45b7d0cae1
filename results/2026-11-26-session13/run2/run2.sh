#!/usr/bin/env bash
# Session 13 run2: B device-spawned 1M and 10k under GROSR_PROF with the busy iteration in parts;
# the ingress minimum take at 32 (default), 4 and 1.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 30 --param job_timeout_s=10 --iters 5 --param variants=grosr_device"
for mt in 32 4 1; do for n in 1000000 10000; do
GROSR_DEFINES=GROSR_INGRESS_MIN_TAKE=$mt GROSR_PROF=1 timeout 60 ./grosr bench b --out $R/p$mt-$n $F --param ns=$n > $R/p$mt-$n.log 2>&1; echo "p$mt-$n rc=$?" >> $R/rc.txt
done; done
for mt in 32 1; do
GROSR_DEFINES=GROSR_INGRESS_MIN_TAKE=$mt timeout 60 ./grosr bench b --out $R/b$mt $F > $R/b$mt.log 2>&1; echo "b$mt rc=$?" >> $R/rc.txt
done
rm -rf $R/cache
