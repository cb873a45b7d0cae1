#!/usr/bin/env bash
# Session 8 run5: express round trip under idle cap 128 with poller variants; B under idle caps.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 15 --param job_timeout_s=8"
B="--param dq_cap=32768"
va() { # name, env...
  local name=$1; shift
  env "$@" timeout 60 ./grosr bench a --param ns=1000 --out $R/a-$name $F > $R/a-$name.log 2>&1; echo "a $name rc=$?" >> $R/rc.txt
}
I=GROSR_IDLE_SLEEP_MAX_NS=128
va base X=1
va i128 GROSR_DEFINES=$I
va i128-spec0 GROSR_DEFINES=$I,GROSR_POLL_SPEC=0
va i128-ps0 GROSR_DEFINES=$I,GROSR_POLLER_SLEEP_NS=0
va i128-ps0-spec0 GROSR_DEFINES=$I,GROSR_POLLER_SLEEP_NS=0,GROSR_POLL_SPEC=0
va i128-nosteal GROSR_DEFINES=$I,GROSR_POLLER_STEAL_EVERY=1000000
va i128-spec0-prof GROSR_DEFINES=$I,GROSR_POLL_SPEC=0 GROSR_PROF=1
va i512 GROSR_DEFINES=GROSR_IDLE_SLEEP_MAX_NS=512
va i128-2 GROSR_DEFINES=$I
vb() {
  local name=$1; shift
  env "$@" timeout 60 ./grosr bench b --iters 5 --out $R/b-$name --param ns=10000,50000,1000000 $B $F > $R/b-$name.log 2>&1; echo "b $name rc=$?" >> $R/rc.txt
}
vb base X=1
vb i128 GROSR_DEFINES=$I
vb i128-spec0 GROSR_DEFINES=$I,GROSR_POLL_SPEC=0
vb base2 X=1
vb i128-2 GROSR_DEFINES=$I
