#!/usr/bin/env bash
# As run from .gpu/ on the GPU machine; binary built from b736e7c (runtime code unchanged since session 5).
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 15 --param job_timeout_s=8 --param dq_cap=32768"
for fc in 4:0 8:32 16:32 32:32 64:64 16:16 32:128; do
f=${fc%:*}; c=${fc#*:}
extra="--param fanout=$f"; [ "$c" != 0 ] && extra="$extra --param root_chunk=$c"
timeout 40 ./grosr bench b --iters 7 --out $R/b-f$f-c$c --param ns=10000,50000 $F $extra > $R/b-f$f-c$c.log 2>&1; echo "b f$f c$c rc=$?" >> $R/rc.txt
done
for fc in 4:0 32:32 16:32; do
f=${fc%:*}; c=${fc#*:}
extra="--param fanout=$f"; [ "$c" != 0 ] && extra="$extra --param root_chunk=$c"
timeout 60 ./grosr bench bplus --out $R/bp-f$f-c$c --param ns=10000,50000 $F $extra > $R/bp-f$f-c$c.log 2>&1; echo "bp f$f c$c rc=$?" >> $R/rc.txt
done
