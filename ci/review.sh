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
#      only the publishing job writes; an edited revision is shown word by word,
#      and a copy of a published text (published/) edited or deleted is called
#      out.
#
# The review is the legal team's to read: every sentence of it comes from
# policysite's message catalogue (`policysite say --stdin`, all of them at once
# when the review is written), in the language of the site's messages (bokmål
# for a site in nb or nn; POLICYSITE_MESSAGES=en or nb chooses). Its other lines in the log are for developers, in English; the
# record's error, an annotation on GitHub, is the legal team's too.
#
# Inputs (environment):
#   CI_HOST        github or gitlab (required): the format of the check's findings
#   BASE_REF       the commit or branch the change is compared with (required),
#                  e.g. origin/main on GitHub, $CI_MERGE_REQUEST_DIFF_BASE_SHA on GitLab
#   POLICYSITE     the policysite command (default: policysite, found on PATH)
#   POLICYSITE_MESSAGES  en or nb: the language of the review (default: the
#                  site's language:, as for policysite's other messages)
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

# The review's sentences. ask KEY ID [ARG...] asks for the message ID of
# policysite's catalogue with ARGs, in the language of the site's messages, as
# ${text[KEY]}; said then says every sentence asked for with one policysite
# (say --stdin, a line a message, its fields separated by tabs), not one
# policysite a sentence. The IDs are written out wherever ask is called: the
# catalogue's test (TestIDsInSource) finds them there. A failure of say stops
# the script.
declare -A text=()
keys=()
asks=()
ask() {
  local key=$1 a IFS=$'\t'
  shift
  for a in "$@"; do
    case "$a" in *$'\t'* | *$'\n'* | *$'\r'*) die "cannot say $1: an argument holds a tab or a line break: $a" ;; esac
  done
  keys+=("$key")
  asks+=("$*")
}
said() {
  local answers i
  [ ${#asks[@]} -gt 0 ] || return 0
  printf '%s\n' "${asks[@]}" >"$tmp/asks"
  "$policysite" say --stdin <"$tmp/asks" >"$tmp/said"
  mapfile -t answers <"$tmp/said"
  [ ${#answers[@]} = ${#asks[@]} ] || die "policysite say --stdin said ${#answers[@]} messages, not ${#asks[@]}"
  for i in "${!keys[@]}"; do text[${keys[i]}]=${answers[i]}; done
  keys=()
  asks=()
}

# longest C: the longest run of the character C in standard input, as that
# many Cs ("" for none).
longest() {
  { grep -o "$1*" || true; } | awk -v c="$1" '{ if (length($0) > n) n = length($0) } END { for (i = 0; i < n; i++) printf "%s", c }'
}

# code TEXT: TEXT as a Markdown code span, which shows it as it is (a file
# name in the change is anyone's who can open one): its fence is longer than
# any run of backticks in it.
code() {
  local fence pad=""
  fence="\`$(printf '%s\n' "$1" | longest '`')"
  case "$1" in '`'* | *'`' | ' '* | *' ') pad=" " ;; esac
  printf '%s' "$fence$pad$1$pad$fence"
}

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
  0) ask check review.check-ok ;;
  1)
    status=1
    if [ "$host" = github ]; then
      ask check review.check-errors.github
    else
      ask check review.check-errors.gitlab
    fi
    ;;
  *) die "policysite check failed with exit status $check" ;;
esac

# 2. The record (content.lock, timestamps/) is written by the publishing job
# alone: a proposal that changes it could backdate a revision, so the review
# fails on it. (A history recorded for the first time, policysite build
# --record --history, is committed on main by whoever administers the site.)
record_changes=$(git -c core.quotePath=false diff --name-only "$base...HEAD" -- content.lock timestamps/)
if [ -n "$record_changes" ]; then
  status=1
  files="" files_md=""
  while IFS= read -r f; do
    files+="${files:+ }$f"
    files_md+="${files_md:+ }$(code "$f")"
  done <<<"$record_changes"
  ask record.log review.record-edited "$files"
  ask record review.record-edited "$files_md"
  ask record.history review.record-history
fi

# The copies of the published texts (published/<sha256>.md), written beside the
# record by the publishing job: a copy is never changed, and one deleted can
# take a corrected revision's first wording off the site. A copy the change
# adds is one restored from git's history, as docs/content.md says how: it is
# not called out (check refuses one whose sha256 is not its name).
copies_edited=() copies_deleted=()
while IFS= read -r -d '' st && IFS= read -r -d '' path; do
  if [ "$st" = D ]; then copies_deleted+=("$path"); else copies_edited+=("$path"); fi
done < <(git -c core.quotePath=false diff -z --name-status --no-renames --diff-filter=DMT "$base...HEAD" -- published/)
# spans PATH...: the PATHs as code spans, separated by spaces.
spans() {
  local f out=""
  for f in "$@"; do out+="${out:+ }$(code "$f")"; done
  printf '%s' "$out"
}
if [ ${#copies_edited[@]} -gt 0 ]; then
  ask copies.edit review.published-edited "${#copies_edited[@]}" "$(spans "${copies_edited[@]}")"
  echo "review.sh: the change edits copies of published texts: ${copies_edited[*]}" >&2
fi
if [ ${#copies_deleted[@]} -gt 0 ]; then
  ask copies.delete review.published-deleted "${#copies_deleted[@]}" "$(spans "${copies_deleted[@]}")"
  echo "review.sh: the change deletes copies of published texts: ${copies_deleted[*]}" >&2
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

# For the i-th revision: its status (A added, M edited), its heading, what
# became of its diff (shown: in $tmp/diff.i.md; first or first.language: it
# has no earlier revision; failed: the error is in $tmp/diff.i.err), and for
# one edited, its edit word by word in $tmp/edit.i.txt.
statuses=()
headings=()
outcomes=()
latest=""
for i in "${!changed[@]}"; do
  entry=${changed[i]}
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
  heading="$doc, $date"
  if [ -n "$lang" ]; then
    args+=(--lang "$lang")
    heading+=" ($lang)"
  fi
  statuses[i]=$st
  headings[i]=$heading
  if [ "$st" = M ]; then
    ask "edited.$i" review.edited "$path"
    ask edited.changes review.edited.changes
    git -c core.quotePath=false diff --word-diff=plain "$base...HEAD" -- "$path" | sed -n '/^@@/,$p' >"$tmp/edit.$i.txt" || true
  else
    ask "new.$i" review.new-revision "$path"
  fi
  diff_status=0
  "$policysite" "${args[@]}" >"$tmp/diff.$i.md" 2>"$tmp/diff.$i.err" || diff_status=$?
  if [ "$diff_status" = 0 ]; then
    outcomes[i]=shown
  elif [ "$diff_status" = 2 ] && ! earlier_exists "$doc" "$date" "$lang"; then
    if [ -n "$lang" ]; then
      outcomes[i]=first.language
      ask first.language review.first-revision.language
    else
      outcomes[i]=first
      ask first review.first-revision
    fi
  else
    status=1
    outcomes[i]=failed
    echo "policysite ${args[*]} failed (exit status $diff_status):" >&2
    cat "$tmp/diff.$i.err" >&2
    ask "failed.$i" review.diff-failed "policysite ${args[*]}"
  fi
done

# 4. The preview, for the latest effective date among the changed revisions
# (or today, when the change touches no revision).
build=(build --preview --dest "$preview")
[ -n "$latest" ] && build+=(--now "$latest")
preview_status=0
"$policysite" "${build[@]}" || preview_status=$?
if [ -n "${GITHUB_RUN_ID:-}" ]; then
  ask where review.preview.github "${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY:-}/actions/runs/$GITHUB_RUN_ID"
elif [ -n "${CI_JOB_URL:-}" ]; then
  ask where review.preview.gitlab "$CI_JOB_URL/artifacts/browse/$preview/"
else
  text[where]=$(code "$preview/")
fi
# Where the preview is goes into the sentence about it: said first.
said
if [ "$preview_status" != 0 ]; then
  status=1
  ask preview review.no-preview "policysite ${build[*]}"
elif [ -n "$latest" ]; then
  ask preview review.preview "$latest" "${text[where]}"
else
  ask preview review.preview.today "${text[where]}"
fi

n=${#changed[@]}
ask title review.title
if [ "$n" = 0 ]; then
  ask revisions review.no-revisions
else
  ask revisions review.revisions "$n"
fi
said

# 5. The record's error, in the log and, on GitHub, on each file.
if [ -n "$record_changes" ]; then
  if [ "$host" = github ]; then
    # A workflow command's message escapes %, CR and LF.
    annotation=${text[record.log]//'%'/%25}
    annotation=${annotation//$'\r'/%0D}
    annotation=${annotation//$'\n'/%0A}
    while IFS= read -r f; do echo "::error file=$f,title=policysite::$annotation"; done <<<"$record_changes"
  fi
  echo "review.sh: ${text[record.log]}" >&2
fi

# 6. The review.
{
  # ci/comment.sh finds the review's comment by this marker: it stays as it is.
  echo "<!-- policysite review -->"
  echo "## ${text[title]}"
  echo
  echo "${text[check]}"
  echo
  if [ -n "$record_changes" ]; then
    echo "**${text[record]}** ${text[record.history]}"
    echo
  fi
  for key in copies.edit copies.delete; do
    if [ -n "${text[$key]:-}" ]; then
      echo "${text[$key]}"
      echo
    fi
  done
  echo "${text[revisions]}"
  for i in "${!changed[@]}"; do
    echo
    echo "### ${headings[i]}"
    echo
    if [ "${statuses[i]}" = M ]; then
      echo "> ${text[edited.$i]}"
      echo
      # A fence longer than any run of tildes in the text, so the text cannot end it.
      fence="~~~$(longest '~' <"$tmp/edit.$i.txt")"
      echo "${fence}diff"
      cat "$tmp/edit.$i.txt"
      echo "$fence"
      echo
      echo "${text[edited.changes]}"
    else
      echo "${text[new.$i]}"
    fi
    echo
    case "${outcomes[i]}" in
      shown) cat "$tmp/diff.$i.md" ;;
      first | first.language) echo "${text[${outcomes[i]}]}" ;;
      failed)
        fence="~~~$(longest '~' <"$tmp/diff.$i.err")"
        echo "${text[failed.$i]}"
        echo
        echo "$fence"
        cat "$tmp/diff.$i.err"
        echo "$fence"
        ;;
    esac
  done
  echo
  echo "${text[preview]}"
} >"$out"

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$out" >>"$GITHUB_STEP_SUMMARY"
fi
revisions="$n revisions"
[ "$n" = 1 ] && revisions="1 revision"
echo "review.sh: wrote $out ($revisions)${latest:+; preview for $latest in $preview/}"
exit "$status"
