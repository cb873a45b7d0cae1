#!/usr/bin/env bash
# Session 8 run3: express round trip against the SM clock (nvidia-smi sampled every 20 ms during each bench a).
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
nvidia-smi -q -d CLOCK,PERFORMANCE,POWER > $R/nvidia-smi-q.txt 2>&1
F="--watchdog-s 15 --param job_timeout_s=8"
B="--param dq_cap=32768"
va() { # name, env...
  local name=$1; shift
  nvidia-smi --query-gpu=timestamp,clocks.sm,clocks.mem,power.draw,pstate,clocks_event_reasons.active --format=csv,noheader -lms 20 > $R/clk-$name.csv 2>&1 &
  local smi=$!
  env "$@" timeout 60 ./grosr bench a --param ns=1000 --out $R/a-$name $F > $R/a-$name.log 2>&1; echo "a $name rc=$?" >> $R/rc.txt
  kill $smi; wait $smi 2>/dev/null
}
va base X=1
va prof GROSR_PROF=1
va psleep0 GROSR_DEFINES=GROSR_POLLER_SLEEP_NS=0
va idle128 GROSR_DEFINES=GROSR_IDLE_SLEEP_MAX_NS=128
va idle16k GROSR_DEFINES=GROSR_IDLE_SLEEP_MAX_NS=16384
va watch GROSR_DEFINES=GROSR_POLLER_WATCH=1
va watchprof GROSR_DEFINES=GROSR_POLLER_WATCH=1 GROSR_PROF=1
va base2 X=1
timeout 60 ./grosr bench b --iters 5 --out $R/b --param ns=10000,50000,1000000 $B $F > $R/b.log 2>&1; echo "b rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench b --iters 5 --out $R/b2 --param ns=10000,50000,1000000 $B $F > $R/b2.log 2>&1; echo "b2 rc=$?" >> $R/rc.txt
