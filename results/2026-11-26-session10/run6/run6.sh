#!/usr/bin/env bash
# Session 10 run6: FAST with the done word's release as sys (HEAD), gpu fence + sys release (2), gpu fence + relaxed sys (1).
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
F="--watchdog-s 15 --param job_timeout_s=8"
va() { local name=$1; shift
  env "$@" timeout 60 ./grosr bench a --param ns=100 --out $R/a-$name $F > $R/a-$name.log 2>&1; echo "a $name rc=$?" >> $R/rc.txt; }
for i in 1 2 3; do
  va fast-$i GROSR_DEFINES=GROSR_EXPRESS_FAST=1
  va f2-$i GROSR_DEFINES=GROSR_EXPRESS_FAST=1,GROSR_EXPRESS_DONE_GPU=2
  va f1-$i GROSR_DEFINES=GROSR_EXPRESS_FAST=1,GROSR_EXPRESS_DONE_GPU=1
done
