#!/usr/bin/env bash
# ci/publish.sh — build the site for today, keep the record of what went out,
# and deploy it. Run after every merge to main and every night shortly after
# midnight in the site's time zone (site.yaml's timeZone: Europe/Oslo).
#
#   1. `policysite build --record` records in content.lock (and in timestamps/,
#      when site.yaml configures trusted timestamps) the day each new revision
#      first goes out, keeps a copy of each text it records in published/ (so
#      that a later correction leaves the first wording readable), then builds
#      the site into public/. The day is today in
#      site.yaml's timeZone, which the build works out itself: this script never
#      passes --now, and unsets SOURCE_DATE_EPOCH, which the build refuses.
#   2. ci/deploy.sh copies public/ to where it is served. The record is
#      committed only after the site it speaks of is out: if the deployment
#      fails, nothing is committed, and the next run records what goes out
#      then (a record may say a revision went out later than it did, never
#      earlier).
#   3. When the record changed, it is committed ("Record what was published on
#      <day>", by a bot identity) and pushed to the branch. If the push fails
#      because the branch moved meanwhile (a merge during the build), the record
#      is rebased onto it, the site built again from what is there now and
#      deployed, and the push tried once more; it fails clearly otherwise.
#
# Inputs (environment):
#   PUBLISH_BRANCH        the branch to push the record to (default: GITHUB_REF_NAME
#                         or CI_COMMIT_BRANCH, set by the hosts)
#   PUBLISH_REMOTE        the remote to push to (default: origin)
#   PUBLISH_PUSH_OPTIONS  git push options, separated by spaces (GitLab: ci.skip,
#                         so that the record's push starts no pipeline)
#   PUBLISH_AUTHOR_NAME, PUBLISH_AUTHOR_EMAIL
#                         the bot identity the record is committed as
#   POLICYSITE            the policysite command (default: policysite, on PATH)
#   DEPLOY_*              passed on to ci/deploy.sh (see there)
#
# It always publishes the newest commit of the branch (a run started again
# for an old commit publishes the newest, never the old one).
#
# Outputs: public/; the record committed and pushed when it changed; the
# deployed site. Exit status 0 on success, 1 when the build, the push or the
# deployment failed, 2 on a missing input.
set -euo pipefail

# die MESSAGE [STATUS]
die() {
  echo "publish.sh: $1" >&2
  exit "${2:-1}"
}

here=$(cd "$(dirname "$0")" && pwd)
policysite=${POLICYSITE:-policysite}
remote=${PUBLISH_REMOTE:-origin}
branch=${PUBLISH_BRANCH:-${GITHUB_REF_NAME:-${CI_COMMIT_BRANCH:-}}}
[ -n "$branch" ] || die "PUBLISH_BRANCH is not set: set it to the branch the site is published from (main)" 2
read -r -a push_options <<<"${PUBLISH_PUSH_OPTIONS:-}"
push_args=()
for o in "${push_options[@]}"; do
  push_args+=(--push-option "$o")
done
author=(-c "user.name=${PUBLISH_AUTHOR_NAME:-policysite bot}" -c "user.email=${PUBLISH_AUTHOR_EMAIL:-policysite-bot@users.noreply.invalid}")

# The build decides the day from site.yaml's timeZone; the commit message
# names the same day.
tz=$(sed -n 's/^timeZone:[[:space:]]*["'\'']\{0,1\}\([^"'\''[:space:]#]*\).*/\1/p' site.yaml 2>/dev/null | head -n 1)
day=$(TZ=${tz:-UTC} date +%F)

# The build refuses a fixed day: a record must say when a revision really went out.
unset SOURCE_DATE_EPOCH

# Publish the newest commit of the branch, whatever commit this run was
# started for: a run started again for an old commit must not put an older
# site back on the web.
git fetch --quiet "$remote" "$branch" || die "could not fetch $remote $branch"
if ! git merge-base --is-ancestor FETCH_HEAD HEAD; then
  git merge-base --is-ancestor HEAD FETCH_HEAD ||
    die "this commit is not on $remote $branch: the site is published from $branch only"
  echo "publish.sh: $branch has moved on since this run started; publishing its newest commit, $(git rev-parse --short FETCH_HEAD)" >&2
  git checkout --quiet --detach FETCH_HEAD
fi

# record: build with --record, and stage the record. Succeeds when it changed.
# (It is called as a condition, where set -e does not hold: each step says how
# it fails.)
record() {
  "$policysite" build --record || die "policysite build --record failed: nothing was committed or deployed"
  local paths=(content.lock)
  if [ -e timestamps ]; then paths+=(timestamps); fi
  if [ -e published ]; then paths+=(published); fi
  git add --all -- "${paths[@]}" || die "could not stage ${paths[*]}"
  ! git diff --cached --quiet -- "${paths[@]}"
}

push() {
  git push "${push_args[@]}" "$remote" "HEAD:refs/heads/$branch"
}

# deploy: put public/ on the web. The record is committed only after the
# site that it speaks of is out: a record may say a revision went out later
# than it did (the next run records it then), never earlier.
deploy() {
  "$here/deploy.sh" || die "the deployment failed: the record was not committed; the next run records what goes out then"
}

message="Record what was published on $day"
changed=false
if record; then changed=true; fi
deploy
if $changed; then
  git "${author[@]}" commit --quiet -m "$message"
  echo "publish.sh: committed the record: $message"
  if ! push; then
    echo "publish.sh: the push was refused; fetching $remote/$branch to see whether it moved" >&2
    git fetch --quiet "$remote" "$branch" || die "could not fetch $remote $branch after the push was refused"
    if git merge-base --is-ancestor FETCH_HEAD HEAD; then
      die "the push of the record to $remote $branch was refused, and $branch has not moved: check that this job may push to it (GitHub: permissions contents: write, and the branch's protection rules; GitLab: POLICYSITE_PUSH_TOKEN); the site is deployed, and the next run records it again"
    fi
    echo "publish.sh: $branch moved; putting the record on top of it and building again" >&2
    if ! git "${author[@]}" rebase --quiet FETCH_HEAD; then
      # Both changed content.lock: the record is made again from the new state.
      git rebase --abort
      git reset --quiet --hard FETCH_HEAD
    fi
    # Build again, so that the site and the record hold what was merged
    # meanwhile, and deploy that before the record says so.
    if record; then
      if [ "$(git log -1 --format=%s)" = "$message" ] && ! git merge-base --is-ancestor HEAD FETCH_HEAD; then
        git "${author[@]}" commit --quiet --amend --no-edit
      else
        git "${author[@]}" commit --quiet -m "$message"
      fi
    fi
    deploy
    if git merge-base --is-ancestor HEAD FETCH_HEAD; then
      echo "publish.sh: $branch already holds the record"
    else
      push || die "the push of the record to $remote $branch failed again after rebasing onto it: run the job again"
      echo "publish.sh: pushed the record to $remote $branch"
    fi
  else
    echo "publish.sh: pushed the record to $remote $branch"
  fi
else
  echo "publish.sh: nothing new to record"
fi
