package main

import (
	"encoding/json"
	"flag"
	"io"
	"strings"
)

func init() {
	register(&command{
		Name:    "lyapunov map",
		Summary: "(I_ext^E, ε) map of Lyapunov exponents (lyapunov over a grid; shardable, resumable; JSON lines)",
		Help: `Usage: ngnmm lyapunov map --IE A:B:n --eps A:B:n [sweep flags] [lyapunov flags]

The map of Lyapunov exponents over drive and coupling, the counterpart of 'msf map':
exactly 'ngnmm grid --param IE=A:B:n --param eps=A:B:n [sweep flags] -- lyapunov
--system ei-homogeneous [lyapunov flags]' (--system is added when not given: the
homogeneous E–I node, i.e. the synchronous state; --system network maps the 90-node
network). Its FILE is that grid's file byte for byte (header "sweep": "grid",
"command": "lyapunov"), so 'ngnmm merge' and 'ngnmm slurm' treat both alike.
Lyapunov flags (--T, --transient, --interval, --dt, --k, --connectome, --noise,
--seed): see 'ngnmm help lyapunov'.
` + sweepFlagsHelp + `
FILE: a header {"sweep": "grid", "command": "lyapunov", "args", "grid"} then one point
per line: idx, values ([I_ext^E, ε]), result (lyapunov's JSON: exponents, sum, time)
or error. Standard output: {"out", "jobs", "computed", "missing", "errors"}.`,
		Run: runLyapunovMap,
	})
	registerSweep(&sweepKind{
		Command: "lyapunov map",
		// its files are grid files: 'ngnmm merge' merges them as "grid"
		Match: func(map[string]json.RawMessage) bool { return false },
		Merge: mergeWith(gridFormat),
	})
}

// lyapunovMapGridFlags are grid's flags of 'lyapunov map' (name → takes a
// value): the sweep flags as addSweepFlags defines them (so a new sweep flag
// needs no change here), and --IE and --eps, which become --param IE=…,
// --param eps=….
var lyapunovMapGridFlags = func() map[string]bool {
	fs := newFlags("sweep")
	addSweepFlags(fs, false)
	m := map[string]bool{"IE": true, "eps": true}
	fs.VisitAll(func(f *flag.Flag) {
		b, ok := f.Value.(interface{ IsBoolFlag() bool })
		m[f.Name] = !ok || !b.IsBoolFlag()
	})
	return m
}()

// runLyapunovMap rewrites its command line into grid's and runs grid.
func runLyapunovMap(args []string, stdout io.Writer) error {
	var gargs, rest []string
	axes := map[string]string{}
	for k := 0; k < len(args); k++ {
		a := args[k]
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		takes, ok := lyapunovMapGridFlags[name]
		if !strings.HasPrefix(a, "-") || !ok {
			rest = append(rest, a)
			continue
		}
		if takes && !hasVal {
			if k+1 >= len(args) {
				return usageErr("flag needs an argument: -%s", name)
			}
			k++
			val, hasVal = args[k], true
		}
		switch {
		case name == "IE" || name == "eps":
			axes[name] = val
		case hasVal:
			gargs = append(gargs, "--"+name+"="+val)
		default:
			gargs = append(gargs, "--"+name)
		}
	}
	for _, n := range []string{"IE", "eps"} {
		if axes[n] == "" {
			return usageErr("--%s A:B:n is required (see 'ngnmm help lyapunov map')", n)
		}
	}
	system := false
	for _, a := range rest {
		if n, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "="); strings.HasPrefix(a, "-") && n == "system" {
			system = true
		}
	}
	if !system {
		rest = append([]string{"--system", "ei-homogeneous"}, rest...)
	}
	g := append([]string{"--param", "IE=" + axes["IE"], "--param", "eps=" + axes["eps"]}, gargs...)
	g = append(append(g, "--", "lyapunov"), rest...)
	return runGrid(g, stdout)
}
