#!/usr/bin/env bash
# Session 17 run8: B+'s fan with its root through the express slot (b_root, default) against the
# ring-path root (--param fan_root=spread), interleaved, three times; a PROF trace of each at 1M.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=10 --iters 9"
V="--param ns=10000,50000,1000000 --param variants=bulk,grosr_fan"
for rep in 1 2 3; do
  timeout 60 ./grosr bench bplus --out $R/x-$rep $F $V > $R/x-$rep.log 2>&1; echo "x-$rep rc=$?" >> $R/rc.txt
  timeout 60 ./grosr bench bplus --out $R/s-$rep $F $V --param fan_root=spread > $R/s-$rep.log 2>&1; echo "s-$rep rc=$?" >> $R/rc.txt
done
GROSR_PROF=1 timeout 60 ./grosr bench bplus --out $R/pf-x $F --param ns=1000000 --param variants=grosr_fan > $R/pf-x.log 2>&1; echo "pf-x rc=$?" >> $R/rc.txt
GROSR_PROF=1 timeout 60 ./grosr bench bplus --out $R/pf-s $F --param ns=1000000 --param variants=grosr_fan --param fan_root=spread > $R/pf-s.log 2>&1; echo "pf-s rc=$?" >> $R/rc.txt
rm -rf $R/cache
