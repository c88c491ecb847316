package main

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// serve answers only requests addressed to it by a name it was started
// for: another site cannot rebind a name of its own to this computer and
// read the preview, whether serve listens on loopback or beyond it.
func TestOnlyHosts(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	for _, tt := range []struct {
		bind  string
		hosts []string
		host  string
		want  int
	}{
		{"127.0.0.1", nil, "127.0.0.1:1313", 200},
		{"127.0.0.1", nil, "localhost:1313", 200},
		{"127.0.0.1", nil, "LOCALHOST.:1313", 200},
		{"127.0.0.1", nil, "[::1]:1313", 200},
		{"127.0.0.1", nil, "127.0.0.1", 200},
		{"127.0.0.1", nil, "evil.example:1313", 421},
		{"127.0.0.1", nil, "evil.example", 421},
		{"127.0.0.1", nil, "192.168.1.5:1313", 421},
		{"localhost", nil, "localhost:1313", 200},

		// Every interface: still only the names it was started for.
		{"0.0.0.0", nil, "localhost:1313", 200},
		{"0.0.0.0", nil, "127.0.0.1:1313", 200},
		{"0.0.0.0", nil, "evil.example:1313", 421},
		{"0.0.0.0", nil, "192.0.2.7:1313", 421}, // an address of no interface here
		{"", nil, "evil.example", 421},
		{"::", nil, "evil.example", 421},
		{"::", nil, "[::1]:1313", 200},
		{"0.0.0.0", []string{"preview.example.lan"}, "preview.example.lan:1313", 200},
		{"0.0.0.0", []string{"preview.example.lan"}, "Preview.Example.LAN", 200},
		{"0.0.0.0", []string{"preview.example.lan"}, "evil.example:1313", 421},

		// A given address: that address, the loopback names and --host.
		{"192.0.2.7", nil, "192.0.2.7:1313", 200},
		{"192.0.2.7", nil, "localhost:1313", 200},
		{"192.0.2.7", nil, "198.51.100.1:1313", 421},
		{"192.0.2.7", nil, "evil.example:1313", 421},
		{"192.0.2.7", []string{"preview.example.lan"}, "preview.example.lan", 200},
		{"2001:db8::7", nil, "[2001:db8::7]:1313", 200},
	} {
		h := onlyHosts(hostNames(tt.bind, tt.hosts), ok)
		r := httptest.NewRequest("GET", "/", nil)
		r.Host = tt.host
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != tt.want {
			t.Errorf("--bind %q --host %v, Host %s: %d, want %d", tt.bind, tt.hosts, tt.host, w.Code, tt.want)
		}
		if w.Code == 421 && !strings.Contains(w.Body.String(), "start serve with --host ") {
			t.Errorf("--bind %q, Host %s: the refusal does not say how to add the name:\n%s", tt.bind, tt.host, w.Body)
		}
	}
}

// Listening on every interface, serve answers to this computer's own
// addresses, by which others on the network reach it.
func TestOnlyHostsOwnAddresses(t *testing.T) {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Skip(err)
	}
	names := hostNames("0.0.0.0", nil)
	for _, a := range addrs {
		n, ok := a.(*net.IPNet)
		if !ok || n.IP.IsLoopback() {
			continue
		}
		r := httptest.NewRequest("GET", "/", nil)
		r.Host = net.JoinHostPort(n.IP.String(), "1313")
		w := httptest.NewRecorder()
		onlyHosts(names, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})).ServeHTTP(w, r)
		if w.Code != 200 {
			t.Errorf("Host %s, an address of this computer: %d", r.Host, w.Code)
		}
	}
}

func TestHostName(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"preview.example.lan", "preview.example.lan"},
		{"Preview.Example.LAN.", "preview.example.lan"},
		{"192.168.1.5", "192.168.1.5"},
		{"[fe80::1]", "fe80::1"},
		{"fe80::1", "fe80::1"},
		{"", ""},
		{"preview.example.lan:8080", ""},
		{"http://preview.example.lan", ""},
		{"user@preview", ""},
	} {
		got, err := hostName(tt.in)
		if tt.want == "" && (err == nil || !strings.Contains(err.Error(), "give the name alone")) {
			t.Errorf("hostName(%q) = %q, %v; want an error", tt.in, got, err)
		}
		if tt.want != "" && (err != nil || got != tt.want) {
			t.Errorf("hostName(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

// The preview's server closes idle keep-alive connections and connections
// that stall; the event stream is exempt from the write timeout (it lifts
// it itself, tested in generator/serve).
func TestServeTimeouts(t *testing.T) {
	hs := newHTTPServer(http.NotFoundHandler())
	for name, d := range map[string]int64{
		"IdleTimeout": int64(hs.IdleTimeout), "ReadHeaderTimeout": int64(hs.ReadHeaderTimeout),
		"ReadTimeout": int64(hs.ReadTimeout), "WriteTimeout": int64(hs.WriteTimeout),
	} {
		if d <= 0 {
			t.Errorf("%s is not set", name)
		}
	}
	if hs.IdleTimeout != idleTimeout {
		t.Errorf("IdleTimeout %s, want %s", hs.IdleTimeout, idleTimeout)
	}
}

// Listening beyond loopback, serve says on standard error who can now read
// the preview and how to keep it to this computer, and refuses a foreign
// Host; on loopback it says nothing of the kind.
func TestServeWarnsBeyondLoopback(t *testing.T) {
	src := t.TempDir()
	for name, data := range map[string]string{
		"site.yaml":                        "title: Testsite\nbaseURL: https://example.no/\n",
		"content/personvern/2026-01-01.md": "---\ntitle: Personvern\nsummary: S\n---\nTekst.\n",
	} {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		bind string
		warn string // a line of the warning; "" for none
	}{
		{"127.0.0.1", ""},
		{"0.0.0.0", `warning: listening on every network interface \(--bind "0.0.0.0"\), port \d+: anyone who can reach this computer there can read the preview`},
		{"", `warning: listening on every network interface \(--bind ""\)`},
	} {
		t.Run(tt.bind, func(t *testing.T) {
			cmd := exec.Command("policysite", "serve", "--source", src, "--bind", tt.bind, "--port", "0", "--now", "2026-11-26")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
			// The "Serving" line is the signal that serve listens; the
			// warning was written before it.
			line, err := bufio.NewReader(out).ReadString('\n')
			if err != nil {
				t.Fatalf("serve stopped before serving: %v\n%s", err, stderr.String())
			}
			m := regexp.MustCompile(`^Serving .* at http://(\S+?)/ `).FindStringSubmatch(line)
			if m == nil {
				t.Fatalf("no Serving line: %q", line)
			}
			_, port, _ := net.SplitHostPort(m[1])
			for host, want := range map[string]int{"localhost": 200, "evil.example": 421} {
				req, _ := http.NewRequest("GET", "http://127.0.0.1:"+port+"/personvern/", nil)
				req.Host = host
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != want {
					t.Errorf("Host %s: %d, want %d", host, resp.StatusCode, want)
				}
			}
			_ = cmd.Process.Kill()
			_ = cmd.Wait() // stderr is read to its end
			got := stderr.String()
			switch {
			case tt.warn == "" && strings.Contains(got, "warning"):
				t.Errorf("a warning on loopback:\n%s", got)
			case tt.warn != "" && !regexp.MustCompile(tt.warn).MatchString(got):
				t.Errorf("no warning, want %s; stderr:\n%s", tt.warn, got)
			case tt.warn != "" && !strings.Contains(got, "leave out --bind") || tt.warn != "" && !strings.Contains(got, "--host NAME"):
				t.Errorf("the warning does not say how to restrict the preview or add a name:\n%s", got)
			}
		})
	}
}
