#!/usr/bin/env bash
# ci/deploy.sh — copy the built site to where it is served.
#
# DEPLOY_TARGET says where:
#   rsync  to a web server over SSH: rsync -a --delete --checksum public/ "$DEPLOY_RSYNC_DEST",
#          checking the server's host key against DEPLOY_SSH_KNOWN_HOSTS (host key
#          checking is never turned off);
#   s3     to an S3-compatible bucket: aws s3 sync public/ "s3://$DEPLOY_S3_BUCKET" --delete,
#          the pages, versions.json, the feeds and the notices (which change every
#          day) with a short Cache-Control, after the files they use;
#   none   nowhere: the recipes keep public/ as an artifact.
#
# Inputs (environment):
#   DEPLOY_TARGET           rsync, s3 or none (required)
#   DEPLOY_SOURCE           the built site (default: public)
#   rsync:
#     DEPLOY_RSYNC_DEST       where to copy it, e.g. deploy@web1.example.no:/var/www/personvern/
#     DEPLOY_SSH_KEY          secret: the private key that may log in there (the key
#                             itself, or the path of a file holding it, as GitLab's
#                             file variables give)
#     DEPLOY_SSH_KNOWN_HOSTS  the server's host keys, as lines of known_hosts
#                             (ssh-keyscan HOST, checked against the server's own
#                             fingerprint); or the path of a file holding them
#     DEPLOY_SSH_PORT         the SSH port (optional, default 22)
#   s3:
#     DEPLOY_S3_BUCKET        the bucket, optionally with a prefix: my-bucket/personvern
#     DEPLOY_S3_ENDPOINT      the endpoint of an S3-compatible service (optional;
#                             unset for Amazon S3)
#     AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
#                             secrets: credentials that may write to the bucket
#     AWS_DEFAULT_REGION      the region, where the service needs one (optional)
#     DEPLOY_CACHE_CONTROL    Cache-Control of the files that change every day
#                             (default: public, max-age=300)
#
# Outputs: the copy, and a line on standard output saying where it went. Exit
# status 0 when copied (or with none), 2 when an input is missing, else the
# status of rsync or aws.
set -euo pipefail

die() {
  echo "deploy.sh: $*" >&2
  exit 2
}

# need VAR WHAT: fail, naming VAR, unless it is set.
need() {
  [ -n "${!1:-}" ] || die "$1 is not set: $2"
}

src=${DEPLOY_SOURCE:-public}
target=${DEPLOY_TARGET:-}
case "$target" in
  rsync | s3 | none) ;;
  "") die "DEPLOY_TARGET is not set: set it to rsync, s3 or none (a repository variable on GitHub, a CI/CD variable on GitLab)" ;;
  *) die "DEPLOY_TARGET is '$target': set it to rsync, s3 or none" ;;
esac
[ -f "$src/index.html" ] || die "$src/index.html does not exist: build the site first"

if [ "$target" = none ]; then
  echo "deploy.sh: DEPLOY_TARGET is none: $src/ was built and is not copied anywhere"
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ "$target" = rsync ]; then
  need DEPLOY_RSYNC_DEST "set it to where the site goes, e.g. deploy@web1.example.no:/var/www/personvern/"
  need DEPLOY_SSH_KEY "add the private SSH key that may log in there as a secret named DEPLOY_SSH_KEY"
  need DEPLOY_SSH_KNOWN_HOSTS "set it to the server's host keys (the lines ssh-keyscan prints, checked against the server's fingerprint); host key checking is never turned off"
  command -v rsync >/dev/null || die "rsync is not installed (apt-get install rsync openssh-client)"
  umask 077
  if [ -f "$DEPLOY_SSH_KEY" ]; then
    cp "$DEPLOY_SSH_KEY" "$tmp/key"
  else
    # A key pasted into a secret often loses its last newline, which ssh needs.
    printf '%s\n' "$DEPLOY_SSH_KEY" >"$tmp/key"
  fi
  if [ -f "$DEPLOY_SSH_KNOWN_HOSTS" ]; then
    cp "$DEPLOY_SSH_KNOWN_HOSTS" "$tmp/known_hosts"
  else
    printf '%s\n' "$DEPLOY_SSH_KNOWN_HOSTS" >"$tmp/known_hosts"
  fi
  # rsync splits -e at spaces and keeps what is in single quotes together.
  ssh="ssh -i '$tmp/key' -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile='$tmp/known_hosts' -o GlobalKnownHostsFile=/dev/null"
  [ -n "${DEPLOY_SSH_PORT:-}" ] && ssh+=" -p $DEPLOY_SSH_PORT"
  rsync -a --delete --checksum --delay-updates -e "$ssh" "$src/" "$DEPLOY_RSYNC_DEST"
  echo "deploy.sh: copied $src/ to $DEPLOY_RSYNC_DEST"
  exit 0
fi

need DEPLOY_S3_BUCKET "set it to the bucket, optionally with a prefix (my-bucket/personvern)"
need AWS_ACCESS_KEY_ID "add the bucket's access key as a secret named AWS_ACCESS_KEY_ID"
need AWS_SECRET_ACCESS_KEY "add the bucket's secret key as a secret named AWS_SECRET_ACCESS_KEY"
command -v aws >/dev/null || die "the AWS command line is not installed (apt-get install awscli)"
dest="s3://${DEPLOY_S3_BUCKET#s3://}"
endpoint=()
[ -n "${DEPLOY_S3_ENDPOINT:-}" ] && endpoint=(--endpoint-url "$DEPLOY_S3_ENDPOINT")
# What a build rewrites every day (the notices change with the day): the pages,
# versions.json and notice.json, the feeds and sitemap, the notice widget.
daily=(--include '*.html' --include '*.json' --include '*.xml' --include '*notice.js' --include '*notice.inc')
excludes=()
for ((i = 1; i < ${#daily[@]}; i += 2)); do
  excludes+=(--exclude "${daily[i]}")
done
# First everything else (style.css, compare.js …), so that no new page names a
# file not yet there, then the daily files; each pass deletes what is gone.
aws s3 sync "$src/" "$dest" --delete "${endpoint[@]}" --no-progress "${excludes[@]}"
aws s3 sync "$src/" "$dest" --delete "${endpoint[@]}" --no-progress --exclude '*' "${daily[@]}" \
  --cache-control "${DEPLOY_CACHE_CONTROL:-public, max-age=300}"
echo "deploy.sh: copied $src/ to $dest"
