#!/usr/bin/env bash
# ci/comment.sh — post the review that ci/review.sh wrote as a comment on the
# pull request (GitHub) or merge request (GitLab).
#
# On GitHub it edits the workflow's last comment on the pull request, so that a
# pull request keeps one review comment however often it is pushed to, or adds
# one (`gh pr comment`). On GitLab it adds a note to the merge request through
# the API (curl); without a token it posts nothing and says so: the review is
# still in the job's artifacts (review.md).
#
# Inputs (environment):
#   CI_HOST        github or gitlab (required)
#   REVIEW_FILE    the Markdown to post (default: review.md)
#   COMMENT_LIMIT  the most bytes to post (default: 65000 on GitHub, whose limit
#                  is 65,536 characters; 1000000 on GitLab); a longer review is
#                  cut at a line and says, in the review's language (policysite
#                  say), where the whole review is
#   POLICYSITE     the policysite command (default: policysite, found on PATH)
#   GitHub:  PR_NUMBER (the pull request), GH_TOKEN (a token that may write to
#            pull requests: the workflow's github.token), GH_REPO (owner/name)
#   GitLab:  CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID (set by GitLab);
#            POLICYSITE_GITLAB_TOKEN (a CI/CD variable: a project access token
#            with the api scope and at least the Reporter role; optional)
#
# Outputs: the comment; a message on standard error. Exit status 0 when the
# comment was posted or, on GitLab without a token, skipped; 1 when posting
# failed; 2 on a missing input.
set -euo pipefail

die() {
  echo "comment.sh: $*" >&2
  exit 2
}

host=${CI_HOST:-}
file=${REVIEW_FILE:-review.md}
policysite=${POLICYSITE:-policysite}
[ -f "$file" ] || die "$file does not exist: run ci/review.sh first"

case "$host" in
  github)
    [ -n "${PR_NUMBER:-}" ] || die "PR_NUMBER is not set: set it to the pull request's number (github.event.pull_request.number)"
    [ -n "${GH_TOKEN:-}" ] || die "GH_TOKEN is not set: set it to github.token, with permissions pull-requests: write"
    limit=${COMMENT_LIMIT:-65000}
    where="the job summary of this run"
    ;;
  gitlab)
    for v in CI_API_V4_URL CI_PROJECT_ID CI_MERGE_REQUEST_IID; do
      [ -n "${!v:-}" ] || die "$v is not set: run this in a merge request pipeline"
    done
    if [ -z "${POLICYSITE_GITLAB_TOKEN:-}" ]; then
      echo "comment.sh: POLICYSITE_GITLAB_TOKEN is not set, so the review is not posted on the merge request; it is in the job's artifacts ($file). To post it, add a CI/CD variable POLICYSITE_GITLAB_TOKEN holding a project access token with the api scope." >&2
      exit 0
    fi
    limit=${COMMENT_LIMIT:-1000000}
    where="the job's artifacts ($file)"
    ;;
  "") die "CI_HOST is not set: set it to github or gitlab" ;;
  *) die "CI_HOST is '$host': set it to github or gitlab" ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# say ID [ARG...]: the message ID of policysite's catalogue with ARGs, in the
# language of the site's messages, as in ci/review.sh.
say() {
  "$policysite" say -- "$@"
}
body=$file
if [ "$(wc -c <"$file")" -gt "$limit" ]; then
  # Cut at the end of a line, so that no character is cut in two.
  body=$tmp/body.md
  head -c "$((limit - 200))" "$file" | sed '$d' >"$body"
  # The note is in the review's language, as ci/review.sh wrote it.
  if [ "$host" = github ]; then
    whole=$(say review.comment-cut.github)
  else
    whole=$(say review.comment-cut.gitlab "$file")
  fi
  note=$(say review.comment-cut "$whole")
  printf '\n\n---\n*%s*\n' "$note" >>"$body"
fi

if [ "$host" = github ]; then
  # The review's own comment is the one that starts with its marker: the
  # token's last comment may be another workflow's.
  repo=${GITHUB_REPOSITORY:?GITHUB_REPOSITORY is not set (GitHub Actions sets it)}
  id=$(gh api "repos/$repo/issues/$PR_NUMBER/comments" --paginate \
    --jq '.[] | select(.body | startswith("<!-- policysite review -->")) | .id' 2>"$tmp/err" | tail -n 1) || id=""
  if [ -n "$id" ] && gh api --method PATCH "repos/$repo/issues/comments/$id" -F "body=@$body" >/dev/null; then
    echo "comment.sh: updated the review comment on pull request #$PR_NUMBER" >&2
    exit 0
  fi
  # No earlier comment of ours to edit: add one.
  if gh pr comment "$PR_NUMBER" --body-file "$body"; then
    echo "comment.sh: commented on pull request #$PR_NUMBER" >&2
    exit 0
  fi
  echo "comment.sh: could not comment on pull request #$PR_NUMBER (a pull request from a fork gets a read-only token); the review is in $where" >&2
  exit 1
fi

# GitLab. The token goes in a header file, not on the command line, where
# other processes could read it.
printf 'PRIVATE-TOKEN: %s\n' "$POLICYSITE_GITLAB_TOKEN" >"$tmp/header"
url="$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes"
if curl --silent --show-error --fail-with-body --retry 2 --request POST \
  --header @"$tmp/header" --data-urlencode "body@$body" \
  --output "$tmp/response" "$url"; then
  echo "comment.sh: commented on merge request !$CI_MERGE_REQUEST_IID" >&2
  exit 0
fi
echo "comment.sh: could not comment on merge request !$CI_MERGE_REQUEST_IID (is POLICYSITE_GITLAB_TOKEN a project access token with the api scope?):" >&2
cat "$tmp/response" >&2 2>/dev/null || true
exit 1
