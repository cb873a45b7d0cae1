#!/usr/bin/env bash
# Session 15 run9: main (a8a2f46, ./grosr) against session 14's final build (8fa9bc8, old/grosr),
# interleaved in one call: grids, the chain, G(10k); rgg with the new build three times.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=grosr --param graphs=grid:1000x1000,grid:4000x4000,chain:20000,gnp:10000:0.01"
run() { n=$1; b=$2; shift 2; timeout 100 $b bench c --out $R/$n "$@" > $R/$n.log 2>&1; echo "$n rc=$?" >> $R/rc.txt; }
for r in a b c; do
run new-$r ./grosr $F
run old-$r ./old/grosr $F
run rgg-$r ./grosr --watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=grosr --param graphs=rgg:1000000
done
rm -rf $R/cache
