// Package recipes tests the CI recipes that take a change to the policy from
// a proposal to the website: the scripts in ci/ (review.sh, comment.sh,
// publish.sh, deploy.sh, nightly-gate.sh), the GitHub Actions workflows in
// .github/workflows/ and the GitLab pipeline in .gitlab-ci.yml.
//
// The scripts run in testscript files (testdata/script/*.txtar) against real
// git, with a local bare repository as the remote, and with fakes of
// policysite, rsync, aws, gh and curl on PATH (testdata/fakebin) that log
// their arguments to $FAKE_LOG. POLICYSITE_BIN names a real policysite binary
// to use instead of the fake one (still logged); the assertions that only the
// fake's output meets are marked [fake].
//
// The GitLab pipeline's jobs run with gitlab-ci-local in shell mode
// (testdata/gitlab/*.txtar), which also validates the file against GitLab's
// CI schema; it comes from the npm registry with the other test tools
// (POLICYSITE_TOOLS), with a Node.js of its own where the machine's is older
// than it needs. Without it the tests skip with a message, except on CI
// (the environment variable CI is set), where they must run.
//
// The workflows cannot run here (there is no GitHub runner); make lint checks
// them with actionlint, and TestWorkflows checks what they must hold.
package recipes
