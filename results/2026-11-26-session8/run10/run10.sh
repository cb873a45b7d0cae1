#!/usr/bin/env bash
# Session 8 run10: claim-free express path (HEAD) against the CAS protocol; GPU tests.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 15 --param job_timeout_s=8"
va() { # name, env...
  local name=$1; shift
  env "$@" timeout 60 ./grosr bench a --param ns=1000 --out $R/a-$name $F > $R/a-$name.log 2>&1; echo "a $name rc=$?" >> $R/rc.txt
}
va nocas X=1
va cas GROSR_DEFINES=GROSR_EXPRESS_CAS=1
va nocas-spec0 GROSR_DEFINES=GROSR_POLL_SPEC=0
va nocas-prof GROSR_PROF=1
va nocas-2 X=1
va cas-2 GROSR_DEFINES=GROSR_EXPRESS_CAS=1
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=60 timeout 260 bash ./gpu-test $R/tests > $R/tests.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
