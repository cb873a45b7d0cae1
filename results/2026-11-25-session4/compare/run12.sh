#!/usr/bin/env bash
# Streaming host stores (new) vs plain (3e66943) for Exp B; RT sensitivity to the poller pause.
set -u
O="$OUT/r"; mkdir -p "$O"
G=.gpu/grosr; OLD=.gpu/bins/grosr-3e66943
export GROSR_CACHE_DIR=/tmp/gc
RT=$(ls .gpu/tests/runtime_gpu-*)
for rep in 1 2; do
  timeout 60 $G bench b --out "$O/b-new-$rep" --watchdog-s 15 --param job_timeout_s=8 --param dq_cap=32768 > "$O/b-new-$rep.log" 2>&1; echo "b new $rep rc=$?" | tee -a "$O/rc.txt"
  timeout 60 $OLD bench b --out "$O/b-old-$rep" --watchdog-s 15 --param job_timeout_s=8 --param dq_cap=32768 > "$O/b-old-$rep.log" 2>&1; echo "b old $rep rc=$?" | tee -a "$O/rc.txt"
done
timeout 60 $G bench a --out "$O/a-new" --watchdog-s 15 --param job_timeout_s=8 --param ns=1000 > "$O/a-new.log" 2>&1; echo "a new rc=$?" | tee -a "$O/rc.txt"
GROSR_CACHE_DIR=/tmp/gc2 GROSR_EXTRA_DEFINES="GROSR_POLLER_SLEEP_NS=0" timeout 60 $G bench a --out "$O/a-nosleep" --watchdog-s 15 --param job_timeout_s=8 --param ns=1000 > "$O/a-nosleep.log" 2>&1; echo "a nosleep rc=$?" | tee -a "$O/rc.txt"
timeout 100 $RT --include-ignored --test-threads=1 > "$O/runtime-tests.log" 2>&1; echo "runtime tests rc=$?" | tee -a "$O/rc.txt"
cd "$OUT" && tar czf o.tgz r
