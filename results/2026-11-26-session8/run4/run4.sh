#!/usr/bin/env bash
# Session 8 run4: express round trip, host share (submit_us_p50) and idle-backoff / watch variants.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 15 --param job_timeout_s=8"
va() { # name, env...
  local name=$1; shift
  env "$@" timeout 60 ./grosr bench a --param ns=1000 --out $R/a-$name $F > $R/a-$name.log 2>&1; echo "a $name rc=$?" >> $R/rc.txt
}
va base X=1
va idle0 GROSR_DEFINES=GROSR_IDLE_SLEEP_MAX_NS=0
va idle32 GROSR_DEFINES=GROSR_IDLE_SLEEP_MAX_NS=32
va idle128 GROSR_DEFINES=GROSR_IDLE_SLEEP_MAX_NS=128
va idle128prof GROSR_DEFINES=GROSR_IDLE_SLEEP_MAX_NS=128 GROSR_PROF=1
va w-idle128 GROSR_DEFINES=GROSR_POLLER_WATCH=1,GROSR_IDLE_SLEEP_MAX_NS=128
va w-idle0 GROSR_DEFINES=GROSR_POLLER_WATCH=1,GROSR_IDLE_SLEEP_MAX_NS=0
va ps0-idle128 GROSR_DEFINES=GROSR_POLLER_SLEEP_NS=0,GROSR_IDLE_SLEEP_MAX_NS=128
va base2 X=1
