package recipes

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRealPolicysite runs the review and the publishing scripts with the
// real policysite, built from this repository, on a site whose dates are
// set from today (in Oslo), as the recipes run them: a history recorded on
// purpose, a proposal reviewed, merged and published, then published again
// with nothing new.
func TestRealPolicysite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds policysite")
	}
	t.Parallel()
	work := t.TempDir()
	policysite, err := policysiteBin()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Dir(policysite)
	home := filepath.Join(work, "home")
	write(t, filepath.Join(home, ".gitconfig"), gitconfig)
	env := append(os.Environ(), "HOME="+home, "GIT_CONFIG_NOSYSTEM=1", "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"SOURCE_DATE_EPOCH=", "GITHUB_STEP_SUMMARY=", "CI_HOST=github", "DEPLOY_TARGET=none", "PUBLISH_BRANCH=main",
		"POLICYSITE_MESSAGES=en") // the site is in nb: its messages would be in bokmål

	oslo, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().In(oslo)
	today := now.Format("2006-01-02")
	if now.Hour() == 23 && now.Minute() >= 55 {
		t.Skip("too close to midnight in Oslo for a test whose steps must all fall on one day")
	}
	day := func(days int) string { return now.AddDate(0, 0, days).Format("2006-01-02") }

	site := filepath.Join(work, "site")
	remote := filepath.Join(work, "remote.git")
	write(t, filepath.Join(site, "site.yaml"), "title: Akershus Energi Varme\nbaseURL: https://www.example.no/personvern/\ntimeZone: Europe/Oslo\n")
	old := day(-400)
	write(t, filepath.Join(site, "content/personvern", old+".md"), "---\ntitle: Personvern\nsummary: Første versjon.\npublished: "+old+"\n---\n## 1 Om oss\n\nVi tar vare på opplysningene dine.\n")
	run := func(dir string, name string, args ...string) string {
		t.Helper()
		if name == "policysite" { // exec looks in this process's PATH, not env's
			name = filepath.Join(bin, name)
		}
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	// The first publication of a history is recorded as such, on purpose.
	run(site, "git", "init", "-q")
	out := run(site, "policysite", "build", "--record", "--history")
	if !strings.Contains(out, "Recorded content/personvern/"+old+".md: published "+old+", as history") {
		t.Fatalf("build --record --history:\n%s", out)
	}
	write(t, filepath.Join(site, ".gitignore"), "/public/\n/preview/\n/review.md\n")
	run(site, "git", "add", "-A")
	run(site, "git", "commit", "-q", "-m", "The history, recorded")
	run(work, "git", "init", "-q", "--bare", remote)
	run(site, "git", "remote", "add", "origin", remote)
	run(site, "git", "push", "-q", "-u", "origin", "main")

	// A proposal: a change that takes effect in 40 days.
	run(site, "git", "checkout", "-q", "-b", "change")
	next := day(40)
	write(t, filepath.Join(site, "content/personvern", next+".md"), "---\ntitle: Personvern\nsummary: Vi sender SMS om driftsavbrudd.\npublished: "+today+"\n---\n## 1 Om oss\n\nVi tar vare på opplysningene dine, og sender SMS om driftsavbrudd.\n")
	run(site, "git", "add", "-A")
	run(site, "git", "commit", "-q", "-m", "SMS om driftsavbrudd")
	cmd := exec.Command(filepath.Join(root, "ci", "review.sh"))
	cmd.Dir, cmd.Env = site, append(env, "BASE_REF=main")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("review.sh: %v\n%s", err, out)
	}
	review := read(t, filepath.Join(site, "review.md"))
	t.Logf("review.md:\n%s", review)
	if !strings.Contains(review, "<ins>") || !strings.Contains(review, "SMS") || !strings.Contains(review, next) {
		t.Errorf("review.md:\n%s", review)
	}
	page := read(t, filepath.Join(site, "preview/personvern/index.html"))
	if !strings.Contains(page, `data-preview="`+next+`"`) || !strings.Contains(page, "driftsavbrudd") {
		t.Errorf("the preview is not the site on %s, marked as a preview", next)
	}

	// Merged, then published: the record says it went out today.
	run(site, "git", "checkout", "-q", "main")
	run(site, "git", "merge", "-q", "--ff-only", "change")
	run(site, "git", "push", "-q", "origin", "main")
	out = run(site, filepath.Join(root, "ci", "publish.sh"))
	lock := read(t, filepath.Join(site, "content.lock"))
	if !strings.Contains(lock, "personvern/"+next+".md "+today+" ") {
		t.Errorf("content.lock:\n%s\npublish.sh:\n%s", lock, out)
	}
	if log := run(remote, "git", "log", "-1", "--format=%s", "main"); !strings.Contains(log, "Record what was published on "+today) {
		t.Errorf("the record was not pushed: %s", log)
	}
	// With the text it recorded, kept as published, for a later correction.
	sum := sha256.Sum256([]byte(read(t, filepath.Join(site, "content/personvern", next+".md"))))
	kept := "published/" + hex.EncodeToString(sum[:]) + ".md"
	if files := run(remote, "git", "show", "--name-only", "--format=", "main"); !strings.Contains(files, kept) {
		t.Errorf("the record's commit does not have %s:\n%s", kept, files)
	}
	versions := read(t, filepath.Join(site, "public/personvern/versions.json"))
	if !strings.Contains(versions, `"published": "`+today+`"`) {
		t.Errorf("versions.json does not give today as the publication day:\n%s", versions)
	}
	// A second run records nothing and commits nothing.
	head := run(remote, "git", "rev-parse", "main")
	run(site, filepath.Join(root, "ci", "publish.sh"))
	if again := run(remote, "git", "rev-parse", "main"); again != head {
		t.Error("a second publish committed again")
	}
}

func write(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
