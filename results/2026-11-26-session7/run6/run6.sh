#!/usr/bin/env bash
# bench a (ns=1000) under tuning variants of the watching poller; each variant twice, interleaved.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
F="--watchdog-s 15 --param job_timeout_s=8 --param ns=1000"
for rep in 1 2; do
for v in "watch:" "old:GROSR_POLLER_WATCH=0" "s0:GROSR_POLLER_SLEEP_NS=0" "s64:GROSR_POLLER_SLEEP_NS=64" "s256:GROSR_POLLER_SLEEP_NS=256" "s512:GROSR_POLLER_SLEEP_NS=512" "e64:GROSR_POLLER_STEAL_EVERY=64" "poll1k:GROSR_POLL_NS=1000ull" "poll100k:GROSR_POLL_NS=100000ull" "idle256:GROSR_IDLE_SLEEP_MAX_NS=256u" "idle16k:GROSR_IDLE_SLEEP_MAX_NS=16384u"; do
IFS=: read name defs <<< "$v"
GROSR_DEFINES=$defs timeout 60 ./grosr bench a --out $R/a-$name-$rep $F > $R/a-$name-$rep.log 2>&1; echo "a $name $rep rc=$?" >> $R/rc.txt
done; done
