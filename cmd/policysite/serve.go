package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"policysite/generator/content"
	"policysite/generator/msg"
	"policysite/generator/serve"
)

func newServeCmd(g *globalFlags) *cobra.Command {
	var (
		bind   string
		port   int
		drafts bool
		hosts  []string
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: msg.T("help.serve").In(g.lang),
		Long: `Serve builds the site into memory and serves it at http://127.0.0.1:1313/ (under
baseURL's path). When you save a file under content/ or templates/,
site.yaml, content.lock or a file site.yaml names (logo:), the site is rebuilt and open pages reload. If a revision has an
error, the browser shows it with its file and line, and the server keeps
running: fix the file and the site comes back. Nothing is written to disk.
Pages carry the headers the site's _headers file gives them, its
Content-Security-Policy included, as a static host that reads it sends them,
and the old addresses its _redirects file names (with main: in site.yaml)
redirect as such a host redirects them.

Serve answers only on this computer (127.0.0.1) unless --bind says
otherwise: --bind 0.0.0.0 (or '' or ::) listens on every network interface,
and anyone who can reach this computer can then read the preview. Whatever
it listens on, serve answers only to requests addressed to it by a name it
was started for: localhost, 127.0.0.1 and ::1, the --bind address, this
computer's own addresses when it listens on all of them, and each --host.
A page elsewhere therefore cannot point a name of its own at the preview
(DNS rebinding) and read it. --drafts shows revisions whose published date
is still to come, marked as drafts (Utkast).

Every page carries a bar that says it is a preview and for which day, with
a form to show the site as it looks on another day (as --now does; "Back
to today" returns to the day serve was started for). The bar is serve's
alone: build never writes it, except build --preview's, without the form.`,
		Example: `  policysite serve
  policysite serve --drafts
  policysite serve --source examples/demo --port 8080
  policysite serve --bind 0.0.0.0 --host preview.example.lan`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if port < 0 || port > 65535 {
				return usageError{msg.Errorf("serve.port", port)}
			}
			for i, h := range hosts {
				name, err := hostName(h)
				if err != nil {
					return usageError{err}
				}
				hosts[i] = name
			}
			if _, err := g.start(); err != nil {
				return err
			}
			srv := serve.New(serve.Options{
				Source:   g.source,
				Drafts:   drafts,
				Log:      cmd.ErrOrStderr(),
				Messages: g.lang,
				Clock: func() content.Clock {
					c, _ := g.clock() // checked above; read again so that midnight counts
					return c
				},
			})
			// Listen first: a wrong --bind or a port in use is said at once,
			// not after a build.
			ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(port)))
			if err != nil {
				if errors.Is(err, syscall.EADDRINUSE) {
					return msg.Errorf("serve.listen.in-use", net.JoinHostPort(bind, strconv.Itoa(port)), err)
				}
				return msg.Errorf("serve.listen", net.JoinHostPort(bind, strconv.Itoa(port)), err)
			}
			srv.Rebuild() // errors are shown in the browser
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			names := hostNames(bind, hosts)
			hs := newHTTPServer(onlyHosts(names, srv))
			go func() {
				<-ctx.Done()
				shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
				defer cancel()
				_ = hs.Shutdown(shutdown)
			}()
			go func() {
				if err := srv.Watch(ctx); err != nil {
					fmt.Fprintf(cmd.ErrOrStderr(), "policysite: %s\n", msg.T("serve.watch-failed", g.source, err).In(g.lang))
				}
			}()
			port := ln.Addr().(*net.TCPAddr).Port
			serving := msg.T("serve.serving", g.source, "http://"+net.JoinHostPort(bind, strconv.Itoa(port))+srv.Base())
			if everywhere(bind) {
				serving = msg.T("serve.serving-everywhere", g.source, "http://"+net.JoinHostPort("localhost", strconv.Itoa(port))+srv.Base())
			}
			if !isLoopback(bind) {
				fmt.Fprint(cmd.ErrOrStderr(), beyondLoopback(bind, port, names).In(g.lang))
			}
			fmt.Fprintln(cmd.OutOrStdout(), serving.In(g.lang))
			if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&bind, "bind", "127.0.0.1", "the address to listen on; 0.0.0.0 shows the site to the whole network (see --host)")
	cmd.Flags().IntVar(&port, "port", 1313, "the port to listen on")
	cmd.Flags().BoolVar(&drafts, "drafts", false, "show drafts (revisions published in the future)")
	cmd.Flags().StringSliceVar(&hosts, "host", nil, "also answer to this name (repeatable), e.g. the name colleagues reach this computer by")
	return cmd
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// everywhere reports whether bind listens on every network interface.
func everywhere(bind string) bool {
	ip := net.ParseIP(bind)
	return bind == "" || ip != nil && ip.IsUnspecified()
}

// The timeouts of the preview's server. A page is made in memory in well
// under a second, so generous limits cost nothing and still close a
// connection that a client left open or trickles into: IdleTimeout closes
// a keep-alive connection no request has used for a minute. The event
// stream, open as long as its page is, lifts its own write deadline.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 60 * time.Second
	idleTimeout       = 60 * time.Second
)

func newHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
	}
}

// hostName checks a --host name and returns it as requests' Host is
// compared with it.
func hostName(h string) (string, error) {
	name := strings.TrimSuffix(strings.ToLower(strings.Trim(h, "[]")), ".")
	if net.ParseIP(name) == nil && (name == "" || strings.ContainsAny(name, "/:@ \t")) {
		return "", msg.Errorf("serve.host", h)
	}
	return name, nil
}

// normalHost returns a Host header's or --host name's host, without port
// or brackets, in lower case and without a final dot.
func normalHost(h string) string {
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	}
	return strings.TrimSuffix(strings.ToLower(strings.Trim(h, "[]")), ".")
}

// hostNames returns the names serve answers to, in the order it lists
// them: the loopback names, the --bind address (or, for a bind to every
// interface, this computer's addresses), and the --host names.
func hostNames(bind string, hosts []string) []string {
	names := []string{"localhost", "127.0.0.1", "::1"}
	switch {
	case everywhere(bind):
		addrs, _ := net.InterfaceAddrs()
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() {
				names = append(names, n.IP.String())
			}
		}
	default:
		names = append(names, normalHost(bind))
	}
	names = append(names, hosts...)
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// onlyHosts refuses requests whose Host is not one of names (or a loopback
// address): a page on another site could otherwise point a name of its own
// at this computer (DNS rebinding) and read the preview, drafts included.
// An address is safe to answer to; a name only when it was given.
func onlyHosts(names []string, h http.Handler) http.Handler {
	allowed := map[string]bool{}
	for _, n := range names {
		allowed[n] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := normalHost(r.Host)
		if !allowed[host] && !isLoopback(host) {
			http.Error(w, fmt.Sprintf("policysite serve does not answer to %q: it answers to %s. To preview the site under that name, start serve with --host %s", host, strings.Join(names, ", "), host), http.StatusMisdirectedRequest)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// beyondLoopback is the warning serve prints when it listens where other
// computers can reach it.
func beyondLoopback(bind string, port int, names []string) msg.Text {
	where := msg.T("serve.where.address", bind)
	if everywhere(bind) {
		where = msg.T("serve.where.everywhere")
	}
	return msg.T("serve.beyond-loopback", where, bind, port, strings.Join(names, ", "))
}
