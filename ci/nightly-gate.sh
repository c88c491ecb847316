#!/usr/bin/env bash
# ci/nightly-gate.sh — let only the nightly run that falls just after midnight
# in Oslo go on.
#
# GitHub's cron schedules are in UTC, and Oslo is UTC+1 in winter and UTC+2 in
# summer, so the publish workflow is scheduled twice (5 22 * * * and
# 5 23 * * *): one of them is 00:05 in Oslo whatever the season. For a scheduled
# run this says whether it is that one: the schedule's time of day, in UTC, put
# in the time zone's offset of the moment the run starts, must be in the hour
# after midnight. A run that GitHub starts late (it often does, at busy times)
# is still judged by the time it was scheduled for. Without the schedule, the
# hour of the moment itself must be 00. Any other event (a push, a run by hand)
# always goes on.
#
# Inputs (environment):
#   EVENT      the event that started the run (github.event_name); default schedule
#   SCHEDULE   the cron line that started it (github.event.schedule), e.g. "5 22 * * *"
#   GATE_TZ    the time zone (default: Europe/Oslo, site.yaml's timeZone)
#   GATE_TIME  the moment to judge: @SECONDS since 1970, or any form `date -d`
#              reads, in GATE_TZ unless it names its zone (default: now; for
#              tests)
#   GITHUB_OUTPUT  set by GitHub Actions: the answer is appended to it
#
# Outputs: run=true or run=false, on standard output and in $GITHUB_OUTPUT;
# a line saying why on standard error. Exit status 0 either way, 2 on bad input.
set -euo pipefail

die() {
  echo "nightly-gate.sh: $*" >&2
  exit 2
}

answer() {
  echo "nightly-gate.sh: $2" >&2
  echo "run=$1"
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    echo "run=$1" >>"$GITHUB_OUTPUT"
  fi
  exit 0
}

event=${EVENT:-schedule}
[ "$event" = schedule ] || answer true "not a scheduled run ($event): go on"

tz=${GATE_TZ:-Europe/Oslo}
# The moment, in seconds since 1970. The time of day and the time zone's
# offset are bash's own (printf's %(...)T, in the time zone TZ names for the
# one command): only a GATE_TIME given in another form than @SECONDS needs
# date to read it.
if [[ ${GATE_TIME:-} =~ ^@([0-9]+)$ ]]; then
  now_s=$((10#${BASH_REMATCH[1]}))
elif [ -n "${GATE_TIME:-}" ]; then
  now_s=$(TZ=$tz date -d "$GATE_TIME" +%s) || die "cannot read the time '$GATE_TIME'"
else
  printf -v now_s '%(%s)T' -1
fi

# offset_at S: sets zone ("UTC+01:00") and offset_min (60) to the time zone's
# offset from UTC at the moment S, in seconds since 1970.
offset_at() {
  local offset
  TZ=$tz printf -v offset '%(%z)T' "$1"
  [[ $offset =~ ^([+-])([0-9]{2})([0-9]{2})$ ]] || die "cannot read the offset '$offset' of $tz"
  zone="UTC${BASH_REMATCH[1]}${BASH_REMATCH[2]}:${BASH_REMATCH[3]}"
  offset_min=$((10#${BASH_REMATCH[2]} * 60 + 10#${BASH_REMATCH[3]}))
  if [ "${BASH_REMATCH[1]}" = - ]; then offset_min=$((-offset_min)); fi
}

schedule=${SCHEDULE:-}
if [[ $schedule =~ ^[[:space:]]*([0-9]{1,2})[[:space:]]+([0-9]{1,2})[[:space:]]+\*[[:space:]]+\*[[:space:]]+\*[[:space:]]*$ ]]; then
  minute=$((10#${BASH_REMATCH[1]}))
  utc_hour=$((10#${BASH_REMATCH[2]}))
  if [ "$minute" -gt 59 ] || [ "$utc_hour" -gt 23 ]; then die "cannot read the schedule '$schedule' (no such time of day)"; fi
  # The offset of the moment the run was scheduled for (the last time of day
  # the schedule names, up to now), not of the moment it started: on the
  # night the clocks go forward, a run that starts late, after the change,
  # was still scheduled before it. A day in UTC is 86400 seconds.
  sched_s=$((now_s - (now_s % 86400 + 86400) % 86400 + utc_hour * 3600 + minute * 60))
  if [ "$sched_s" -gt "$now_s" ]; then sched_s=$((sched_s - 86400)); fi
  offset_at "$sched_s"
  local_min=$(((utc_hour * 60 + minute + offset_min + 1440) % 1440))
  printf -v at '%02d:%02d' $((local_min / 60)) $((local_min % 60))
  printf -v utc '%02d:%02d' "$utc_hour" "$minute"
  if [ "$local_min" -lt 60 ]; then
    answer true "scheduled for $utc UTC, $at in $tz ($zone): the run after midnight, go on"
  fi
  answer false "scheduled for $utc UTC, $at in $tz ($zone): not the run after midnight (the other schedule is), stop"
fi
[ -z "$schedule" ] || die "cannot read the schedule '$schedule' (want 'M H * * *')"
offset_at "$now_s"
TZ=$tz printf -v hour '%(%H)T' "$now_s"
if [ "$hour" = 00 ]; then
  answer true "it is ${hour}h in $tz ($zone): go on"
fi
answer false "it is ${hour}h in $tz, not 00h: stop"
