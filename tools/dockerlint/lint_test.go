package dockerlint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const repo = "../.."

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repo, path))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func problems(t *testing.T, dockerfile string, opt Options) []Problem {
	t.Helper()
	opt.RepoDir = repo
	p, err := Check([]byte(dockerfile), opt)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The project's Dockerfiles pass every rule.
func TestDockerfiles(t *testing.T) {
	for _, tc := range []struct {
		path string
		opt  Options
	}{
		{"Dockerfile", Options{RequireTini: true}},
		{"docker/Dockerfile.jupyterlab", Options{}}, // tini comes from the base image's ENTRYPOINT
	} {
		for _, p := range problems(t, read(t, tc.path), tc.opt) {
			t.Errorf("%s: %v", tc.path, p)
		}
	}
}

// The main Dockerfile's Go image is go.mod's Go version, and GoNB is go.mod's.
func TestVersionsMatchGoMod(t *testing.T) {
	goVersion, gonb, err := GoModVersions([]byte(read(t, "go.mod")))
	if err != nil {
		t.Fatal(err)
	}
	df := read(t, "Dockerfile")
	if !strings.Contains(df, "ARG GO_VERSION="+goVersion+"\n") {
		t.Errorf("Dockerfile: want ARG GO_VERSION=%s (go.mod)", goVersion)
	}
	if !strings.Contains(df, "ARG GONB_VERSION="+gonb+"\n") {
		t.Errorf("Dockerfile: want ARG GONB_VERSION=%s (go.mod)", gonb)
	}
	if !strings.Contains(df, "FROM golang:${GO_VERSION}-bookworm") {
		t.Error("Dockerfile: the lab is not based on golang:${GO_VERSION}-bookworm")
	}
}

// Every rule fires on a Dockerfile that breaks it.
func TestRulesCatchBreakage(t *testing.T) {
	good := read(t, "Dockerfile")
	for _, tc := range []struct {
		name, old, new, want string
	}{
		{"latest tag", "FROM golang:${GO_VERSION}-bookworm${GO_DIGEST:+@}${GO_DIGEST} AS lab", "FROM golang:latest AS lab", "latest tag"},
		{"implicit latest", "FROM golang:${GO_VERSION}-bookworm${GO_DIGEST:+@}${GO_DIGEST} AS lab", "FROM debian AS lab", "implicit latest"},
		{"Go version", "ARG GO_VERSION=1.26.8", "ARG GO_VERSION=1.25.3", "differs from go.mod"},
		{"@latest", "RUN go mod download", "RUN go install golang.org/x/tools/gopls@latest && go mod download", "latest"},
		{"unpinned go install", "RUN go mod download", "RUN go install golang.org/x/tools/cmd/goimports && go mod download", "unpinned go install"},
		{"GoNB version", "ARG GONB_VERSION=v0.11.4", "ARG GONB_VERSION=v0.11.1", "go.mod pins gonb"},
		{"gonb@version", "RUN go mod download", "RUN go mod download && go install github.com/janpfeifer/gonb@v0.11.1", "gonb@v0.11.1"},
		{"root user", "USER ${NB_UID}", "USER root", "runs as root"},
		{"root uid", "ARG NB_UID=1000", "ARG NB_UID=0", "runs as root"},
		{"no user", "USER ${NB_UID}\n", "\n", "no USER"},
		{"empty token", `CMD ["/home/ngnmm/ngnmm/docker/start.sh"]`, `CMD ["jupyter", "notebook", "--ip=0.0.0.0", "--NotebookApp.token=''"]`, "disables Jupyter's token"},
		{"no CMD", `CMD ["/home/ngnmm/ngnmm/docker/start.sh"]`, ``, "no CMD"},
		{"no EXPOSE", "EXPOSE 8888", "EXPOSE 9999", "EXPOSE 8888"},
		{"no tini", `ENTRYPOINT ["/usr/bin/tini", "-g", "--"]`, `ENTRYPOINT ["/bin/sh", "-c"]`, "tini"},
		{"apt-get in Dockerfile", "RUN go mod download", "RUN apt-get update && apt-get install -y vim && go mod download", "use docker/install.sh"},
		{"typo", "EXPOSE 8888", "EXPOSEE 8888", "unknown instruction"},
		{"buildkit lint", "AS lab", "as lab", "FromAsCasing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(good, tc.old) {
				t.Fatalf("Dockerfile no longer contains %q: update the test", tc.old)
			}
			bad := strings.Replace(good, tc.old, tc.new, 1)
			p := problems(t, bad, Options{RequireTini: true})
			if tc.want == "" {
				return
			}
			for _, q := range p {
				if strings.Contains(q.Msg, tc.want) {
					return
				}
			}
			t.Errorf("no problem mentioning %q; got %v", tc.want, p)
		})
	}
	// a download without any checksum
	bad := strings.Replace(good, "sha256sum", "true", -1)
	found := false
	for _, q := range problems(t, bad, Options{RequireTini: true}) {
		found = found || strings.Contains(q.Msg, "download without a sha256sum")
	}
	if !found {
		t.Error("a curl download without sha256sum was not reported")
	}
}

// A CMD script must keep the token.
func TestStartScriptToken(t *testing.T) {
	s := read(t, "docker/start.sh")
	if !reScriptToken.MatchString(s) || reEmptyToken.MatchString(s) {
		t.Errorf("docker/start.sh does not pass a non-empty token")
	}
	for _, bad := range []string{"--NotebookApp.token=''", `--NotebookApp.token="" `, "--ServerApp.token= ", "JUPYTER_TOKEN='' jupyter"} {
		if !reEmptyToken.MatchString(bad) {
			t.Errorf("%q not recognised as an empty token", bad)
		}
	}
	// The token travels in the environment, never on the command line (ps shows argv).
	if reArgvToken.MatchString(s) {
		t.Errorf("docker/start.sh puts the token on Jupyter's command line")
	}
	for _, bad := range []string{`exec jupyter notebook --NotebookApp.token="$token"`, `--ServerApp.token="$t"`} {
		if !reArgvToken.MatchString(bad) {
			t.Errorf("%q not recognised as a token on the command line", bad)
		}
	}
	if reScriptToken.MatchString(`echo JUPYTER_TOKEN="$token"`) || !reScriptToken.MatchString(`  export JUPYTER_TOKEN="$token"`) {
		t.Errorf("reScriptToken does not recognise exactly an exported token")
	}
}

// The README's docker run publishes the lab on the host's loopback only.
func TestREADMEPublishesOnLoopback(t *testing.T) {
	runs := 0
	for _, line := range strings.Split(read(t, "README.md"), "\n") {
		if !strings.Contains(line, "docker run") {
			continue
		}
		f := strings.Fields(line[strings.Index(line, "docker run"):])
		for i, a := range f {
			if a == "-p" && i+1 < len(f) {
				runs++
				if !strings.HasPrefix(f[i+1], "127.0.0.1:") {
					t.Errorf("README: %q publishes on every interface (want -p 127.0.0.1:…)", strings.TrimSpace(line))
				}
			}
		}
	}
	if runs == 0 {
		t.Error("README: no docker run -p line")
	}
}
