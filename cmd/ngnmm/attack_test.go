package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The attack test (issue 18 item 7) runs the ngnmm binary on hostile flag
// values, each in its own process under a 3 GiB address-space limit
// (prlimit --as) and a 20 s time limit, and requires either exit status 2
// with one line on stderr naming the flag, or a bounded successful run; a
// panic, an out-of-memory crash or a hang fails. Each case is one finding
// of the issue (the values that used to crash, hang or allocate gigabytes).
func TestAttack(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	prl, err := exec.LookPath("prlimit")
	if err != nil {
		t.Skip("prlimit not found (util-linux)")
	}
	bin := filepath.Join(t.TempDir(), "ngnmm")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	type tc struct {
		args []string
		flag string // "" : a bounded successful run
		out  string // with flag "": text stdout must contain
	}
	cases := []tc{
		// item 1: huge inputs
		{[]string{"qif", "--N", "1000000000"}, "--N", ""},
		{[]string{"qif", "--N", "10000000000000000"}, "--N", ""},
		{[]string{"qif", "--N", "100000", "--indegree", "99999"}, "--indegree", ""},
		// (without --out-signals these two are now streamed, long but
		// bounded runs: TestNetworkLimitsStream; written, they are too many rows)
		{[]string{"network", "simulate", "--T", "1e6", "--average", "0.01", "--out-signals", "x.csv"}, "--average", ""},
		{[]string{"network", "simulate", "--connectome", "tvb998", "--norm", "max", "--T", "600000", "--dt", "0.01", "--average", "0.01", "--transient", "0", "--bold", "--out-signals", "x.csv"}, "--average", ""},
		{[]string{"shotnoise", "simulate", "--T", "249000"}, "--dt", ""},
		// item 2: runs that never end
		{[]string{"network", "simulate", "--bold", "--tr", "1e-300"}, "--tr", ""},
		{[]string{"mpr", "simulate", "--dt", "1e-300"}, "--dt", ""},
		{[]string{"qif", "--dt", "1e-15"}, "--dt", ""},
		{[]string{"qif", "--tau", "1e-9"}, "--tau", ""},
		{[]string{"memory", "lifetime", "--dt", "1e-300"}, "--dt", ""},
		{[]string{"ei", "cycle", "--steps", "2000000000"}, "--steps", ""},
		{[]string{"shotnoise", "theory", "--fmax", "1e9", "--df", "1000"}, "--fmax", ""},
		{[]string{"shotnoise", "simulate", "--T", "0.001"}, "--T", ""},
		// item 3: a negative rate is an error naming time and variable
		{[]string{"mpr", "simulate", "--dt", "1e9", "--T", "1e9", "--sample", "1e9"}, "--dt", ""},
		// item 8: flags without effect
		{[]string{"mpr", "simulate", "--method", "dopri5", "--dt", "0.1"}, "--dt", ""},
		{[]string{"qif", "--vp", "50"}, "--vp", ""},
		{[]string{"network", "simulate", "--tr", "2"}, "--tr", ""},
		// item 3: no sample means no statistics
		{[]string{"network", "simulate", "--average", "1e9", "--T", "10"}, "--average", ""},
		// item 5: outputs checked before the run
		{[]string{"network", "simulate", "--out-signals", "/nonexistent-dir/s.csv"}, "--out-signals", ""},
		{[]string{"network", "simulate", "--out-signals", "x.csv", "--out-fc", "./x.csv"}, "--out-fc", ""},
		{[]string{"network", "simulate", "--out-fc", "/dev/null"}, "--out-fc", ""},
		{[]string{"qif", "--csv", "/dev/full"}, "--csv", ""},
		// bounded successful runs
		{[]string{"qif", "--N", "200", "--T", "1"}, "", "\"rate_mean\""},
		{[]string{"mpr", "simulate", "--T", "1"}, "", "t,r,v"},
		{[]string{"shotnoise", "theory", "--fmax", "1"}, "", "f,S0,S_R"},
		// item 8: internal messages never reach the user
		{[]string{"shotnoise", "simulate", "--T", "0.01", "--bin", "0.01", "--dt", "0.01"}, "--dt", ""},
		{[]string{"mpr", "simulate", "--method", "dopri5", "--rtol", "1e-300"}, "--rtol", ""},
		// item 3: continuation says why it stopped; huge ranges find the folds
		{[]string{"mpr", "continuation", "--param", "J", "--from", "-1e9", "--to", "1e9"}, "", `"range_covered": false`},
		{[]string{"mpr", "continuation", "--max-points", "3"}, "", `"stopped": "max points`},
		{[]string{"ei", "continuation", "--param", "eps", "--to", "1e5"}, "", `"range_covered": true`},
		{[]string{"model", "continuation", "--model", "jansen-rit", "--param", "p", "--from", "-1e300", "--to", "1e300"}, "--from", ""},
		{[]string{"model", "continuation", "--model", "jansen-rit", "--param", "p", "--from", "-1e9", "--to", "1e9"}, "", `"stopped"`},
		// item 8: help after any command
		{[]string{"mpr", "simulate", "--help"}, "", "ngnmm mpr simulate"},
		{[]string{"network", "simulate", "--T", "5", "-h"}, "", "ngnmm network simulate"},
	}
	start := time.Now()
	for _, c := range cases {
		name := strings.Join(c.args, " ")
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		cmd := exec.CommandContext(ctx, prl, append([]string{"--as=3221225472", "--", bin}, c.args...)...)
		cmd.Env = append(os.Environ(), "NGNMM_DATA="+t.TempDir()) // nothing cached: no case may need data
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		t0 := time.Now()
		err := cmd.Run()
		timedOut := ctx.Err() == context.DeadlineExceeded
		cancel()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		msg := strings.TrimSpace(stderr.String())
		switch {
		case timedOut:
			t.Errorf("%s: still running after 20 s (killed)", name)
		case strings.Contains(msg, "panic") || strings.Contains(msg, "fatal error") || strings.Contains(msg, "goroutine "):
			t.Errorf("%s: crashed (exit %d): %.300s", name, code, msg)
		case c.flag == "" && (code != 0 || !strings.Contains(stdout.String(), c.out)):
			t.Errorf("%s: exit %d, stdout %.80q; want a successful run printing %q: %s", name, code, stdout.String(), c.out, msg)
		case c.flag != "" && (code != 2 || strings.Count(msg, "\n") > 0 || !strings.Contains(msg, c.flag)):
			t.Errorf("%s: exit %d, stderr %q; want exit 2 and one line naming %s", name, code, msg, c.flag)
		}
		if el := time.Since(t0); el > 10*time.Second {
			t.Logf("%s: %v", name, el)
		}
	}
	t.Logf("%d cases in %v", len(cases), time.Since(start))
}
