package content

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
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
	m := fields(d, v, 0, editorKeys, "editor", editorExample)
	get := func(k string) (string, int) {
		s, line, _ := text(d, m, 0, k)
		return strings.TrimSpace(s), line
	}
	e := &Editor{Branch: "main"}
	ok := true
	bad := func(line int, msg, fix string) {
		d.add(line, msg, fix)
		ok = false
	}

	backend, line := get("backend")
	switch backend {
	case EditorGitHub, EditorGitLab:
		e.Backend = backend
	case "":
		bad(lineOf(m, "backend", v.Line), "editor: has no backend", "add backend: github or backend: gitlab, where the repository is kept")
	default:
		bad(line, fmt.Sprintf("unknown editor backend %q", backend), "use github or gitlab")
	}

	repo, line := get("repo")
	switch {
	case repo == "":
		bad(lineOf(m, "repo", v.Line), "editor: has no repo", "add the repository as owner/name, e.g. repo: akershusenergi/personvern")
	case !repoName.MatchString(repo) || strings.Contains(repo, "..") || (backend == EditorGitHub && strings.Count(repo, "/") != 1):
		bad(line, fmt.Sprintf("editor repo %q is not a repository name", repo), "write it as owner/name, as in the repository's address, e.g. repo: akershusenergi/personvern")
	default:
		e.Repo = repo
	}

	if branch, line := get("branch"); branch != "" {
		if !branchName.MatchString(branch) || strings.Contains(branch, "..") || strings.HasSuffix(branch, "/") {
			bad(line, fmt.Sprintf("editor branch %q is not a branch name", branch), "name the branch the site is published from, e.g. branch: main")
		} else {
			e.Branch = branch
		}
	}

	if folder, line := get("folder"); folder != "" {
		clean := path.Clean(strings.Trim(folder, "/"))
		if strings.HasPrefix(folder, "/") || clean == ".." || strings.HasPrefix(clean, "../") || strings.ContainsAny(folder, "\\{}") {
			bad(line, fmt.Sprintf("editor folder %q is not a folder in the repository", folder), "give the site folder's path from the repository's root, e.g. folder: nettsted, or leave it out when site.yaml is at the root")
		} else if clean != "." {
			e.Folder = clean
		}
	}

	if id, line := get("appID"); id != "" {
		switch {
		case backend != EditorGitLab:
			bad(line, "appID is for backend: gitlab", "remove appID: on GitHub editors sign in with an access token")
		case !appID.MatchString(id):
			bad(line, fmt.Sprintf("appID %q is not a GitLab application ID", id), "copy the Application ID from the application's page in GitLab (letters and digits)")
		default:
			e.AppID = id
		}
	}

	if host, line := get("host"); host != "" {
		u, err := url.Parse(host)
		if err != nil || u.Scheme != "https" || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			bad(line, fmt.Sprintf("editor host %q is not the https address of a Git host", host), "write the host's address alone, e.g. host: https://gitlab.example.no, or leave it out for gitlab.com and github.com")
		} else {
			e.Host = u.Scheme + "://" + u.Host
		}
	}
	if !ok {
		return nil
	}
	return e
}
