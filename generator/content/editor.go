package content

import (
	"net/url"
	"path"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"policysite/generator/msg"
)

// Editor is site.yaml's editor: block: where the web editor finds the
// repository the site is kept in. A site without one gets no editor.
type Editor struct {
	Backend string // github or gitlab
	Repo    string // owner/name; GitLab may have subgroups, group/sub/name
	Branch  string // the branch the site is published from
	// Folder is the site folder's path in the repository, slash-separated,
	// "" when the site is the repository's root.
	Folder string
	// AppID is a GitLab OAuth application's ID: with it, editors sign in
	// with GitLab (PKCE, no server needed); without it, with an access
	// token.
	AppID string
	// Host is a GitLab or GitHub Enterprise of one's own, as an https
	// address; "" for gitlab.com or github.com.
	Host string
}

// Editor backends.
const (
	EditorGitHub = "github"
	EditorGitLab = "gitlab"
)

var editorKeys = []string{"backend", "repo", "branch", "folder", "appID", "host"}

const editorExample = "editor:\n  backend: github\n  repo: akershusenergi/personvern\n  branch: main"

var (
	repoName   = regexp.MustCompile(`^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$`)
	branchName = regexp.MustCompile(`^[A-Za-z0-9_.][A-Za-z0-9_./-]*$`)
	appID      = regexp.MustCompile(`^[A-Za-z0-9]+$`)
)

// parseEditor reads the editor: block. Every value ends up in the editor's
// configuration and page, so each is held to the form it has on the Git
// host: nothing else can reach them.
func parseEditor(d diags, v *yaml.Node) *Editor {
	m := fields(d, v, 0, editorKeys, msg.T("yaml.what.editor"), editorExample)
	get := func(k string) (string, int) {
		s, line, _ := text(d, m, 0, k)
		return strings.TrimSpace(s), line
	}
	e := &Editor{Branch: "main"}
	ok := true
	bad := func(line int, m, fix msg.Text) {
		d.add(line, m, fix)
		ok = false
	}

	backend, line := get("backend")
	switch backend {
	case EditorGitHub, EditorGitLab:
		e.Backend = backend
	case "":
		bad(lineOf(m, "backend", v.Line), msg.T("editor.backend.missing"), msg.T("editor.backend.missing.fix"))
	default:
		bad(line, msg.T("editor.backend.unknown", backend), msg.T("editor.backend.unknown.fix"))
	}

	repo, line := get("repo")
	switch {
	case repo == "":
		bad(lineOf(m, "repo", v.Line), msg.T("editor.repo.missing"), msg.T("editor.repo.missing.fix"))
	case !repoName.MatchString(repo) || strings.Contains(repo, "..") || (backend == EditorGitHub && strings.Count(repo, "/") != 1):
		bad(line, msg.T("editor.repo.bad", repo), msg.T("editor.repo.bad.fix"))
	default:
		e.Repo = repo
	}

	if branch, line := get("branch"); branch != "" {
		if !branchName.MatchString(branch) || strings.Contains(branch, "..") || strings.HasSuffix(branch, "/") {
			bad(line, msg.T("editor.branch.bad", branch), msg.T("editor.branch.bad.fix"))
		} else {
			e.Branch = branch
		}
	}

	if folder, line := get("folder"); folder != "" {
		clean := path.Clean(strings.Trim(folder, "/"))
		if strings.HasPrefix(folder, "/") || clean == ".." || strings.HasPrefix(clean, "../") || strings.ContainsAny(folder, "\\{}") {
			bad(line, msg.T("editor.folder.bad", folder), msg.T("editor.folder.bad.fix"))
		} else if clean != "." {
			e.Folder = clean
		}
	}

	if id, line := get("appID"); id != "" {
		switch {
		case backend != EditorGitLab:
			bad(line, msg.T("editor.appid.not-gitlab"), msg.T("editor.appid.not-gitlab.fix"))
		case !appID.MatchString(id):
			bad(line, msg.T("editor.appid.bad", id), msg.T("editor.appid.bad.fix"))
		default:
			e.AppID = id
		}
	}

	if host, line := get("host"); host != "" {
		u, err := url.Parse(host)
		if err != nil || u.Scheme != "https" || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			bad(line, msg.T("editor.host.bad", host), msg.T("editor.host.bad.fix"))
		} else {
			e.Host = u.Scheme + "://" + u.Host
		}
	}
	if !ok {
		return nil
	}
	return e
}
