// Package dockerlint checks the project's Dockerfiles with BuildKit's own
// parser and linter (github.com/moby/buildkit), plus the project's pinning
// and security rules. It lives in its own module so that buildkit stays out
// of the library's go.mod; its tests run in `make test`.
//
// Rules (Check):
//   - the file parses, and BuildKit's linter reports nothing;
//   - every FROM names a tag or digest (after ARG expansion), never "latest"
//     or an implicit latest;
//   - golang base images use go.mod's Go version;
//   - no "@latest" and no unpinned `go install`/`go get` in RUN;
//   - downloads in RUN (curl, wget) are verified with sha256sum in the same RUN;
//   - packages are installed by docker/install.sh, never by apt-get in the
//     Dockerfile (no duplicated install steps), and some RUN calls it;
//   - the GONB_VERSION build argument equals the gonb version in go.mod, and
//     any gonb@version mentioned agrees;
//   - the final stage runs as a non-root USER, EXPOSEs 8888 and has a CMD
//     that never disables Jupyter's token (a docker/*.sh CMD script is read
//     and must export JUPYTER_TOKEN, falling back to a random one, and never
//     put the token on Jupyter's command line, where ps shows it);
//   - optionally (RequireTini) an ENTRYPOINT that runs tini.
package dockerlint

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// Options of Check.
type Options struct {
	RepoDir     string // repository root (go.mod, docker/ scripts)
	RequireTini bool   // the final stage's ENTRYPOINT must run tini
}

// Problem is one rule violation.
type Problem struct {
	Line int
	Msg  string
}

// String returns "line N: message".
func (p Problem) String() string { return fmt.Sprintf("line %d: %s", p.Line, p.Msg) }

var (
	reGoDirective = regexp.MustCompile(`(?m)^go\s+(\S+)\s*$`)
	reGonbRequire = regexp.MustCompile(`(?m)github\.com/janpfeifer/gonb\s+(v\S+)`)
	reGonbAt      = regexp.MustCompile(`github\.com/janpfeifer/gonb@(\S+)`)
	reGoInstall   = regexp.MustCompile(`\bgo\s+(?:install|get)\s+(?:-\S+\s+)*(\S+)`)
	reEmptyToken  = regexp.MustCompile(`(?:NotebookApp|ServerApp|IdentityProvider)\.token=(?:''|""|\s|$)|disable_check_xsrf|--no-auth|JUPYTER_TOKEN=(?:''|""|\s|$)`)
	reScriptToken = regexp.MustCompile(`(?m)^\s*export\s+JUPYTER_TOKEN(?:_FILE)?="\$\w+"`)
	reArgvToken   = regexp.MustCompile(`(?:NotebookApp|ServerApp|IdentityProvider)\.token=`)
)

// GoModVersions returns the go directive and the gonb version of a go.mod.
func GoModVersions(gomod []byte) (goVersion, gonb string, err error) {
	m := reGoDirective.FindSubmatch(gomod)
	if m == nil {
		return "", "", fmt.Errorf("go.mod has no go directive")
	}
	g := reGonbRequire.FindSubmatch(gomod)
	if g == nil {
		return "", "", fmt.Errorf("go.mod does not require github.com/janpfeifer/gonb")
	}
	return string(m[1]), string(g[1]), nil
}

// Check returns the rule violations of a Dockerfile.
func Check(dockerfile []byte, opt Options) ([]Problem, error) {
	gomod, err := os.ReadFile(filepath.Join(opt.RepoDir, "go.mod"))
	if err != nil {
		return nil, err
	}
	goVersion, gonbVersion, err := GoModVersions(gomod)
	if err != nil {
		return nil, err
	}
	var probs []Problem
	add := func(line int, format string, args ...any) {
		probs = append(probs, Problem{line, fmt.Sprintf(format, args...)})
	}

	res, err := parser.Parse(bytes.NewReader(dockerfile))
	if err != nil {
		add(0, "parse: %v", err)
		return probs, nil
	}
	for _, w := range res.Warnings {
		add(w.Location.Start.Line, "parser warning: %s", w.Short)
	}
	lint := linter.New(&linter.Config{Warn: func(rule, desc, url, msg string, loc []parser.Range) {
		line := 0
		if len(loc) > 0 {
			line = loc[0].Start.Line
		}
		add(line, "buildkit lint %s: %s", rule, msg)
	}})
	stages, metaArgs, err := instructions.Parse(res.AST, lint)
	if err != nil {
		add(0, "parse: %v", err)
		return probs, nil
	}
	if len(stages) == 0 {
		add(0, "no FROM")
		return probs, nil
	}

	// Global ARG defaults, for expanding FROM lines.
	global := map[string]string{}
	for _, a := range metaArgs {
		for _, kv := range a.Args {
			global[kv.Key] = kv.ValueString()
		}
	}
	lex := shell.NewLex('\\')
	expand := func(word string, vars map[string]string) string {
		env := make([]string, 0, len(vars))
		for k, v := range vars {
			env = append(env, k+"="+v)
		}
		out, _, err := lex.ProcessWord(word, shell.EnvsFromSlice(env))
		if err != nil {
			return word
		}
		return out
	}

	names := map[string]bool{}
	usesInstallScript, sawGonbArg := false, false
	for si, st := range stages {
		line := 0
		if len(st.Location) > 0 {
			line = st.Location[0].Start.Line
		}
		base := expand(st.BaseName, global)
		switch {
		case names[strings.ToLower(base)]:
			// an earlier stage
		default:
			checkImage(base, goVersion, line, add)
		}
		if st.Name != "" {
			names[strings.ToLower(st.Name)] = true
		}

		vars := map[string]string{}
		for k, v := range global {
			vars[k] = v
		}
		final := si == len(stages)-1
		var user, cmd, entry string
		var userLine, cmdLine int
		exposes8888 := false
		for _, c := range st.Commands {
			l := 0
			if loc := c.Location(); len(loc) > 0 {
				l = loc[0].Start.Line
			}
			switch c := c.(type) {
			case *instructions.ArgCommand:
				for _, kv := range c.Args {
					if kv.Value != nil {
						vars[kv.Key] = *kv.Value
					}
					if kv.Key == "GONB_VERSION" {
						sawGonbArg = true
						if kv.ValueString() != gonbVersion {
							add(l, "ARG GONB_VERSION=%s but go.mod pins gonb %s", kv.ValueString(), gonbVersion)
						}
					}
				}
			case *instructions.RunCommand:
				run := strings.Join(c.CmdLine, " ")
				checkRun(run, gonbVersion, l, add)
				if strings.Contains(run, "docker/install.sh") {
					usesInstallScript = true
				}
			case *instructions.CopyCommand:
				if strings.Contains(c.From, ":latest") {
					add(l, "COPY --from=%s uses a latest tag", c.From)
				}
			case *instructions.UserCommand:
				user, userLine = expand(c.User, vars), l
			case *instructions.CmdCommand:
				cmd, cmdLine = strings.Join(c.CmdLine, " "), l
			case *instructions.EntrypointCommand:
				entry = strings.Join(c.CmdLine, " ")
			case *instructions.ExposeCommand:
				for _, p := range c.Ports {
					if strings.TrimSuffix(p, "/tcp") == "8888" {
						exposes8888 = true
					}
				}
			}
		}
		if !final {
			continue
		}
		u := strings.SplitN(user, ":", 2)[0]
		switch {
		case user == "":
			add(line, "final stage %q has no USER (it would run as root)", st.Name)
		case u == "root" || u == "0":
			add(userLine, "final stage runs as root (USER %s)", user)
		}
		if !exposes8888 {
			add(line, "final stage does not EXPOSE 8888")
		}
		if opt.RequireTini && !strings.Contains(entry, "tini") {
			add(line, "final stage ENTRYPOINT %q does not run tini", entry)
		}
		if cmd == "" {
			add(line, "final stage has no CMD")
		}
		checkToken(cmd, cmdLine, opt.RepoDir, add)
	}
	if !usesInstallScript {
		add(0, "no RUN calls docker/install.sh (the install steps shared with make lab and CI)")
	}
	if !sawGonbArg {
		add(0, "no ARG GONB_VERSION (must equal go.mod's gonb %s)", gonbVersion)
	}
	return probs, nil
}

// checkImage checks one FROM image reference.
func checkImage(ref, goVersion string, line int, add func(int, string, ...any)) {
	if strings.Contains(ref, "$") {
		add(line, "FROM %q: unexpanded variable (give the ARG a default)", ref)
		return
	}
	name, digest, _ := strings.Cut(ref, "@")
	tag := ""
	if i := strings.LastIndex(name, ":"); i > strings.LastIndex(name, "/") {
		name, tag = name[:i], name[i+1:]
	}
	switch {
	case tag == "" && digest == "":
		add(line, "FROM %s: no tag (an implicit latest)", ref)
	case tag == "latest":
		add(line, "FROM %s: latest tag", ref)
	}
	if digest != "" && !strings.HasPrefix(digest, "sha256:") {
		add(line, "FROM %s: digest must be sha256:…", ref)
	}
	short := name[strings.LastIndex(name, "/")+1:]
	if short == "golang" && tag != goVersion && !strings.HasPrefix(tag, goVersion+"-") {
		add(line, "FROM %s: Go version %q differs from go.mod's go %s", ref, tag, goVersion)
	}
}

// checkRun checks one RUN command line.
func checkRun(run, gonbVersion string, line int, add func(int, string, ...any)) {
	if strings.Contains(run, "@latest") || strings.Contains(run, ":latest") {
		add(line, "RUN uses latest: %s", abbrev(run))
	}
	for _, m := range reGoInstall.FindAllStringSubmatch(run, -1) {
		pkg := m[1]
		if strings.HasPrefix(pkg, ".") || strings.HasPrefix(pkg, "-") {
			continue // the repository's own packages
		}
		if i := strings.LastIndex(pkg, "@"); i < 0 || !strings.HasPrefix(pkg[i+1:], "v") {
			add(line, "unpinned go install/get of %s (use @vX.Y.Z or go.mod's tool directive)", pkg)
		}
	}
	for _, m := range reGonbAt.FindAllStringSubmatch(run, -1) {
		if m[1] != gonbVersion {
			add(line, "gonb@%s but go.mod pins %s", m[1], gonbVersion)
		}
	}
	if (strings.Contains(run, "curl ") || strings.Contains(run, "wget ")) && !strings.Contains(run, "sha256sum") {
		add(line, "download without a sha256sum check: %s", abbrev(run))
	}
	if strings.Contains(run, "apt-get install") || strings.Contains(run, "apt install") {
		add(line, "packages installed in the Dockerfile; use docker/install.sh (shared with make lab and CI)")
	}
}

// checkToken fails a CMD (or the docker/ script it runs) that disables Jupyter's token.
func checkToken(cmd string, line int, repo string, add func(int, string, ...any)) {
	if reEmptyToken.MatchString(cmd) {
		add(line, "CMD disables Jupyter's token: %s", cmd)
	}
	i := strings.Index(cmd, "docker/")
	if i < 0 {
		return
	}
	script := strings.Fields(cmd[i:])[0]
	b, err := os.ReadFile(filepath.Join(repo, script))
	if err != nil {
		add(line, "CMD runs %s, which is not in the repository: %v", script, err)
		return
	}
	s := string(b)
	if reEmptyToken.MatchString(s) {
		add(line, "%s disables Jupyter's token", script)
	}
	if !reScriptToken.MatchString(s) || !strings.Contains(s, "/dev/urandom") {
		add(line, `%s must export JUPYTER_TOKEN="$token" with a random fallback (/dev/urandom)`, script)
	}
	if reArgvToken.MatchString(s) {
		add(line, "%s puts the token on Jupyter's command line (visible in ps); export JUPYTER_TOKEN instead", script)
	}
	if !strings.Contains(s, "--ip=0.0.0.0") {
		add(line, "%s must bind Jupyter to 0.0.0.0 inside the container", script)
	}
}

func abbrev(s string) string {
	if len(s) > 100 {
		return s[:100] + "…"
	}
	return s
}
