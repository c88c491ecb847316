#!/usr/bin/env bash
# ci/review.sh — review a proposed change to the policy (a pull or merge request).
#
# Run from the site folder (the repository root), after the change is checked
# out, with policysite on PATH (the recipes build it with `make bin/policysite`).
# It
#   1. checks the whole site: `policysite check --format github` (the findings
#      become annotations on the pull request) or `--format gitlab` (written to
#      gl-code-quality-report.json, GitLab's code quality report);
#   2. finds the revision files the change adds or edits
#      (content/<doc>/<YYYY-MM-DD>[.<lang>].md) and writes, for each, what it
#      changes from the revision before it (`policysite diff --format markdown
#      <doc> previous <date>`), or that it is the document's first revision,
#      into one Markdown file;
#   3. builds a preview of the site as it will look on the latest effective date
#      among the new revisions, or today when there is none (`policysite build
#      --preview`), every page marked as a preview;
#   4. fails when the change edits the record (content.lock, timestamps/), which
#      only the publishing job writes; an edited revision is shown word by word.
#
# Inputs (environment):
#   CI_HOST        github or gitlab (required): the format of the check's findings
#   BASE_REF       the commit or branch the change is compared with (required),
#                  e.g. origin/main on GitHub, $CI_MERGE_REQUEST_DIFF_BASE_SHA on GitLab
#   POLICYSITE     the policysite command (default: policysite, found on PATH)
#   REVIEW_FILE    the Markdown file to write (default: review.md)
#   PREVIEW_DIR    the preview's folder (default: preview)
#   GITHUB_STEP_SUMMARY  set by GitHub Actions: the review is appended to it
#   GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID, CI_JOB_URL
#                  set by the hosts: used for the link to the preview
#
# Outputs:
#   $REVIEW_FILE                 the review, in Markdown (ci/comment.sh posts it)
#   $PREVIEW_DIR/                the preview site (the recipes keep it as an artifact)
#   gl-code-quality-report.json  on GitLab: the check's findings
#   standard output              on GitHub: the check's annotations
#   exit status                  0 when the check found no error and every diff and
#                                the preview were made; 1 otherwise (the review is
#                                written in either case); 2 on a missing input
set -euo pipefail

die() {
  echo "review.sh: $*" >&2
  exit 2
}

host=${CI_HOST:-}
case "$host" in
  github | gitlab) ;;
  "") die "CI_HOST is not set: set it to github or gitlab" ;;
  *) die "CI_HOST is '$host': set it to github or gitlab" ;;
esac
base=${BASE_REF:-}
[ -n "$base" ] || die "BASE_REF is not set: set it to the branch or commit the change is compared with (e.g. origin/main)"
git rev-parse --quiet --verify "$base^{commit}" >/dev/null ||
  die "BASE_REF '$base' is not a commit in this clone: fetch the whole history (GitHub: actions/checkout with fetch-depth: 0; GitLab: GIT_DEPTH: \"0\")"

policysite=${POLICYSITE:-policysite}
out=${REVIEW_FILE:-review.md}
preview=${PREVIEW_DIR:-preview}
status=0

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. The check.
check=0
if [ "$host" = github ]; then
  # Standard output is left alone: GitHub reads the annotations from the log.
  "$policysite" check --format github || check=$?
else
  "$policysite" check --format gitlab >gl-code-quality-report.json || check=$?
  if [ "$check" = 1 ]; then
    # The report is for the merge request's widget; say it in the log too.
    "$policysite" check || true
  fi
fi
case "$check" in
  0) check_line="\`policysite check\` found no errors." ;;
  1)
    status=1
    if [ "$host" = github ]; then
      check_line="**\`policysite check\` found errors**: they are marked on the changed lines (the *Files changed* tab) and listed in the job's log. The site cannot be published until they are fixed."
    else
      check_line="**\`policysite check\` found errors**: they are listed in the merge request's code quality report and in the job's log. The site cannot be published until they are fixed."
    fi
    ;;
  *) die "policysite check failed with exit status $check" ;;
esac

# 2. The record (content.lock, timestamps/) is written by the publishing job
# alone: a proposal that changes it could backdate a revision, so the review
# fails on it. (A history recorded for the first time, policysite build
# --record --history, is committed on main by whoever administers the site.)
record_line=""
record_changes=$(git -c core.quotePath=false diff --name-only "$base...HEAD" -- content.lock timestamps/)
if [ -n "$record_changes" ]; then
  status=1
  record_msg="This change edits the record of publication ($(echo "$record_changes" | tr '\n' ' ' | sed 's/ $//')), which only the publishing job writes: a record changed in a proposal could make a revision look published earlier than it was. Take these files out of the change."
  if [ "$host" = github ]; then
    while IFS= read -r f; do echo "::error file=$f,title=policysite::${record_msg//$'\n'/ }"; done <<<"$record_changes"
  fi
  echo "review.sh: $record_msg" >&2
  record_line="**$record_msg** (A history recorded for the first time, \`policysite build --record --history\`, is committed on the main branch by whoever administers the site.)"
fi

# 3. The revisions the change adds or edits, as "status<TAB>path" lines.
revision_re='^content/([a-z0-9-]+)/([0-9]{4}-[0-9]{2}-[0-9]{2})(\.([A-Za-z]{2,3}(-[A-Za-z0-9]+)*))?\.md$'
changed=()
while IFS= read -r -d '' st && IFS= read -r -d '' path; do
  [[ $path =~ $revision_re ]] && changed+=("$st"$'\t'"$path")
done < <(git -c core.quotePath=false diff -z --name-status --no-renames --diff-filter=AM "$base...HEAD" -- content/)

# earlier_exists DOC DATE LANG: whether the document has a revision in LANG
# ("" for the site's language) dated before DATE in the working tree.
earlier_exists() {
  local f name
  for f in content/"$1"/*.md; do
    [ -e "$f" ] || continue
    name=${f##*/}
    if [ -z "$3" ]; then
      [[ $name =~ ^([0-9]{4}-[0-9]{2}-[0-9]{2})\.md$ ]] || continue
    else
      [[ $name == *."$3".md ]] || continue
      [[ $name =~ ^([0-9]{4}-[0-9]{2}-[0-9]{2})\. ]] || continue
    fi
    [[ ${BASH_REMATCH[1]} < "$2" ]] && return 0
  done
  return 1
}

sections=$tmp/sections.md
: >"$sections"
latest=""
for entry in "${changed[@]}"; do
  st=${entry%%$'\t'*}
  path=${entry#*$'\t'}
  [[ $path =~ $revision_re ]]
  doc=${BASH_REMATCH[1]}
  date=${BASH_REMATCH[2]}
  lang=${BASH_REMATCH[4]}
  # The preview is for the latest day a new revision takes effect; an edited
  # one (a correction of a revision that may be long in force) is shown on
  # today's site.
  if [ "$st" = A ] && [[ $date > "$latest" ]]; then latest=$date; fi
  args=(diff --format markdown "$doc" previous "$date")
  title="$doc, $date"
  if [ -n "$lang" ]; then
    args+=(--lang "$lang")
    title+=" ($lang)"
  fi
  {
    echo
    echo "### $title"
    echo
    if [ "$st" = M ]; then
      echo "> **\`$path\` was edited.** A revision that has been published changes only by an open correction: its front matter must say what was corrected, and why (\`correction:\`), and \`policysite check\` refuses any other edit of it. The edit, word by word:"
      echo
      git -c core.quotePath=false diff --word-diff=plain "$base...HEAD" -- "$path" | sed -n '/^@@/,$p' >"$tmp/edit.txt" || true
      # A fence longer than any run of tildes in the text, so the text cannot end it.
      fence="~~~$(grep -o '~*' "$tmp/edit.txt" | awk '{ if (length($0) > n) n = length($0) } END { for (i = 0; i < n; i++) printf "~" }')"
      echo "${fence}diff"
      cat "$tmp/edit.txt"
      echo "$fence"
      echo
      echo "The changes from the revision before it:"
    else
      echo "New revision: \`$path\`."
    fi
    echo
  } >>"$sections"
  diff_status=0
  "$policysite" "${args[@]}" >"$tmp/diff.md" 2>"$tmp/diff.err" || diff_status=$?
  if [ "$diff_status" = 0 ]; then
    cat "$tmp/diff.md" >>"$sections"
  elif [ "$diff_status" = 2 ] && ! earlier_exists "$doc" "$date" "$lang"; then
    echo "This is the document's first revision${lang:+ in this language}: there is no earlier revision to compare it with, so all of its text is new." >>"$sections"
  else
    status=1
    echo "policysite ${args[*]} failed (exit status $diff_status):" >&2
    cat "$tmp/diff.err" >&2
    {
      echo "**The changes could not be shown**: \`policysite ${args[*]}\` failed:"
      echo
      echo '```'
      cat "$tmp/diff.err"
      echo '```'
    } >>"$sections"
  fi
done

# 3. The preview, for the latest effective date among the changed revisions
# (or today, when the change touches no revision).
build=(build --preview --dest "$preview")
[ -n "$latest" ] && build+=(--now "$latest")
preview_status=0
"$policysite" "${build[@]}" || preview_status=$?
if [ -n "${GITHUB_RUN_ID:-}" ]; then
  where="the preview artifact of [this run](${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY:-}/actions/runs/$GITHUB_RUN_ID)"
elif [ -n "${CI_JOB_URL:-}" ]; then
  where="[the job's artifacts]($CI_JOB_URL/artifacts/browse/$preview/) (*policy preview* in the merge request)"
else
  where="\`$preview/\`"
fi
if [ "$preview_status" = 0 ]; then
  preview_line="Preview of the site as it will look on ${latest:-the day of this build}, every page marked as a preview: $where."
else
  status=1
  preview_line="**No preview**: \`policysite ${build[*]}\` failed (see the job's log)."
fi

n=${#changed[@]}
{
  echo "<!-- policysite review -->"
  echo "## Policy review"
  echo
  echo "$check_line"
  echo
  if [ -n "$record_line" ]; then
    echo "$record_line"
    echo
  fi
  case "$n" in
    0) echo "The change adds or edits no revision of a document." ;;
    1) echo "The change adds or edits 1 revision:" ;;
    *) echo "The change adds or edits $n revisions:" ;;
  esac
  cat "$sections"
  echo
  echo "$preview_line"
} >"$out"

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$out" >>"$GITHUB_STEP_SUMMARY"
fi
revisions="$n revisions"
[ "$n" = 1 ] && revisions="1 revision"
echo "review.sh: wrote $out ($revisions)${latest:+; preview for $latest in $preview/}"
exit "$status"
