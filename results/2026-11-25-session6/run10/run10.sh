#!/usr/bin/env bash
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
F="--watchdog-s 15 --param job_timeout_s=8 --param dq_cap=32768"
for cfg in 32:32:132 32:32:264 32:32:0 4:0:132 16:16:132; do
IFS=: read f c b <<< "$cfg"
extra="--param fanout=$f"; [ "$c" != 0 ] && extra="$extra --param root_chunk=$c"; [ "$b" != 0 ] && extra="$extra --param blocks=$b"
timeout 30 ./grosr bench b --iters 5 --out $R/b-f$f-c$c-b$b --param ns=10000,50000 $F $extra > $R/b-f$f-c$c-b$b.log 2>&1; echo "f$f c$c b$b rc=$?" >> $R/rc.txt
done
