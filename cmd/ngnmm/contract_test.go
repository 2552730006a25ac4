package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/ngnmm/ngnmm/nmm"
)

// updateContract rewrites testdata/contract.json from the current binary.
// Only for a deliberate addition: a field or command that disappears from
// the file is a broken public contract (GUIDE: add only, never rename).
var updateContract = flag.Bool("update-contract", false, "rewrite testdata/contract.json from the current commands")

// contractCase is one small run of a subcommand. {dir} in an argument is
// replaced by a fresh temporary folder; files lists the output files (by
// the flag that names them) whose field names belong to the contract.
type contractCase struct {
	cmd   string     // the subcommand as listed by `ngnmm help`
	args  []string   // the full command line
	pre   [][]string // commands run first (e.g. the shards a merge reads)
	files []string   // output files: "--out=PATH" pairs, flag then path
	data  bool       // needs the shared connectome data
	text  bool       // stdout is not JSON (the slurm script): #SBATCH options
}

// groupCommands only point to their subcommands (exit 2 with a hint).
var groupCommands = map[string]bool{"data": true, "ei": true, "model": true, "mpr": true,
	"network": true, "shotnoise": true}

func contractCases() map[string]contractCase {
	shard := func(i string) []string {
		return []string{"msf", "map", "--IE", "12:14:2", "--eps", "8:8:1", "--workers", "1", "--shard", i + "/2", "--out", "{dir}/s" + i + ".jsonl"}
	}
	cs := map[string]contractCase{
		"data fc":             {args: []string{"data", "fc", "hcp-101309", "--out-fc", "{dir}/fc.csv", "--out-fcd", "{dir}/fcd.csv", "--window", "60", "--step", "30"}, files: []string{"--out-fc", "--out-fcd"}, data: true},
		"data fetch":          {args: []string{"data", "fetch", "aal90"}, data: true},
		"data info":           {args: []string{"data", "info", "aal90"}, data: true},
		"data list":           {args: []string{"data", "list"}, data: true},
		"ei continuation":     {args: []string{"ei", "continuation", "--param", "IE", "--from", "0", "--to", "8", "--points", "40"}},
		"ei continuation2":    {args: []string{"ei", "continuation2", "--param", "IE", "--param2", "eps", "--from", "0", "--to", "20", "--from2", "0", "--to2", "8", "--points", "40"}},
		"ei cycle":            {args: []string{"ei", "cycle", "--IE", "10", "--eps", "0"}},
		"ei fixedpoints":      {args: []string{"ei", "fixedpoints", "--IE", "0", "--II", "0", "--eps", "0"}},
		"energy":              {args: []string{"energy", "--J", "10", "--eta", "0"}},
		"energy orbit":        {args: []string{"energy", "orbit", "--J", "10", "--eta", "0", "--T", "20"}},
		"fit":                 {args: append(append([]string{}, fitSmall...), "--workers", "1", "--out", "{dir}/fit.jsonl"), files: []string{"--out"}, data: true},
		"grid":                {args: []string{"grid", "--param", "eps=0:10:2", "--param", "IE=14:14:1", "--out", "{dir}/g.jsonl", "--workers", "1", "--", "network", "simulate", "--T", "20", "--transient", "5"}, files: []string{"--out"}, data: true},
		"lesion scan":         {args: []string{"lesion", "scan", "--regions", "10:11", "--T", "150", "--transient", "20", "--workers", "1", "--out", "{dir}/l.jsonl"}, files: []string{"--out"}, data: true},
		"lyapunov":            {args: []string{"lyapunov", "--T", "10", "--transient", "0"}},
		"lyapunov map":        {args: []string{"lyapunov", "map", "--IE", "10:12:2", "--eps", "8:8:1", "--T", "10", "--transient", "0", "--workers", "1", "--out", "{dir}/lm.jsonl"}, files: []string{"--out"}},
		"memory lifetime":     {args: []string{"memory", "lifetime", "--sigma", "1", "--runs", "4", "--tmax", "30", "--dt", "0.01", "--workers", "1"}},
		"memory lifetimes":    {args: []string{"memory", "lifetimes", "--sigma", "0.8:1.2:2", "--runs", "2", "--tmax", "30", "--dt", "0.01", "--workers", "1", "--out", "{dir}/m.jsonl"}, files: []string{"--out"}},
		"memory range":        {args: []string{"memory", "range", "--J", "15"}},
		"merge":               {args: []string{"merge", "--out", "{dir}/merged.jsonl", "{dir}/s0.jsonl", "{dir}/s1.jsonl"}, pre: [][]string{shard("0"), shard("1")}, files: []string{"--out"}, data: true},
		"model continuation":  {args: []string{"model", "continuation", "--model", "ei", "--param", "IE", "--from", "0", "--to", "8", "--points", "40"}},
		"model continuation2": {args: []string{"model", "continuation2", "--model", "mpr", "--param", "eta", "--param2", "J", "--from", "-12", "--to", "0", "--from2", "15", "--to2", "5", "--points", "60"}},
		"model cycle":         {args: []string{"model", "cycle", "--model", "ei", "--set", "IE=10", "--y0", "0.05,-1,0.05,0.05,-1,0.05"}},
		"model fixedpoints":   {args: []string{"model", "fixedpoints", "--model", "mpr", "--set", "eta=-5", "--set", "J=15"}},
		"model simulate":      {args: []string{"model", "simulate", "--model", "ei", "--set", "IE=3", "--T", "1", "--dt", "0.01", "--sample", "0.5"}},
		"models":              {args: []string{"models"}},
		"mpr continuation":    {args: []string{"mpr", "continuation", "--param", "eta", "--from", "-8", "--to", "0"}},
		"mpr fixedpoints":     {args: []string{"mpr", "fixedpoints"}},
		"mpr simulate":        {args: []string{"mpr", "simulate", "--T", "1", "--sample", "0.25", "--r0", "0.5", "--v0", "0"}},
		"msf":                 {args: []string{"msf"}, data: true},
		"msf map":             {args: []string{"msf", "map", "--IE", "12:12:1", "--eps", "8:8:1", "--workers", "1", "--out", "{dir}/map.jsonl"}, files: []string{"--out"}, data: true},
		"msf merge":           {args: []string{"msf", "merge", "--out", "{dir}/merged.jsonl", "{dir}/s0.jsonl", "{dir}/s1.jsonl"}, pre: [][]string{shard("0"), shard("1")}, files: []string{"--out"}, data: true},
		"network simulate":    {args: []string{"network", "simulate", "--T", "1000", "--transient", "0", "--dt", "0.05", "--bold", "--tr", "0.2", "--out-signals", "{dir}/sig.csv", "--out-fc", "{dir}/fc.csv", "--out-bold", "{dir}/bold.csv"}, files: []string{"--out-signals", "--out-fc", "--out-bold"}, data: true},
		"qif":                 {args: []string{"qif", "--N", "200", "--T", "1", "--csv", "{dir}/q.csv"}, files: []string{"--csv"}},
		"seizure foci":        {args: []string{"seizure", "foci", "--regions", "0:1", "--T", "300", "--stim-start", "50", "--stim-end", "250", "--workers", "1", "--out", "{dir}/f.jsonl"}, files: []string{"--out"}, data: true},
		"seizure regime":      {args: []string{"seizure", "regime", "--eps", "25"}},
		"shotnoise simulate":  {args: []string{"shotnoise", "simulate", "--N", "1000", "--T", "20", "--transient", "1", "--seed", "4"}},
		"shotnoise theory":    {args: []string{"shotnoise", "theory", "--fmax", "1", "--df", "0.1"}},
		"slurm":               {args: []string{"slurm", "--shards", "3", "--out", "{dir}/map.jsonl", "--cpus-per-task", "2", "--time", "0:10:00", "--", "msf", "map", "--IE", "4:12:3", "--eps", "8:12:3"}, text: true},
		// Alternative outputs of listed commands.
		"mpr continuation --csv":           {cmd: "mpr continuation", args: []string{"mpr", "continuation", "--param", "I", "--from", "-3", "--to", "5", "--csv"}},
		"network simulate --model mpr":     {cmd: "network simulate", args: []string{"network", "simulate", "--model", "mpr", "--T", "5", "--transient", "0"}, data: true},
		"lyapunov --system network":        {cmd: "lyapunov", args: []string{"lyapunov", "--system", "network", "--T", "5", "--transient", "0", "--k", "2"}, data: true},
		"lyapunov --system ei-homogeneous": {cmd: "lyapunov", args: []string{"lyapunov", "--system", "ei-homogeneous", "--T", "20", "--transient", "0"}},
	}
	// Every registered model through the generic commands (a model added
	// later is checked once its entries are in the file).
	for _, s := range nmm.Models() {
		var y0 []string // models without exact equilibria start from a given state
		if _, ok := s.New().(nmm.Equilibria); ok {
			cs["model fixedpoints --model "+s.Name] = contractCase{cmd: "model fixedpoints", args: []string{"model", "fixedpoints", "--model", s.Name}}
		} else {
			y0 = []string{"--y0", strings.Repeat(",0.1", s.New().Dim())[1:]}
		}
		cs["model simulate --model "+s.Name] = contractCase{cmd: "model simulate", args: append([]string{"model", "simulate", "--model", s.Name, "--T", "1", "--dt", "0.01", "--sample", "0.5"}, y0...)}
		if _, ok := s.New().(nmm.Coupled); ok {
			cs["network simulate --model "+s.Name] = contractCase{cmd: "network simulate", args: []string{"network", "simulate", "--model", s.Name, "--T", "2", "--transient", "0"}, data: true}
		}
	}
	for name, c := range cs {
		if c.cmd == "" {
			c.cmd = name
			cs[name] = c
		}
	}
	return cs
}

// fieldNames returns the sorted set of field paths in a stream of JSON
// values ("a", "a.b", "list[]", "list[].c"): every object key, nested,
// through arrays. Values are not compared.
func fieldNames(data []byte) ([]string, error) {
	set := map[string]bool{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				p := k
				if prefix != "" {
					p = prefix + "." + k
				}
				set[p] = true
				walk(p, e)
			}
		case []any:
			for _, e := range x {
				walk(prefix+"[]", e)
			}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	n := 0
	for dec.More() {
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		walk("", v)
		n++
	}
	if n == 0 {
		return nil, fmt.Errorf("no JSON value")
	}
	return sortedKeys(set), nil
}

func sortedKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// streamFields names the fields of one output: JSON field paths, the CSV
// header's columns after any # comment lines (prefixed "csv:"; a
// headerless numeric CSV gives
// "csv:columns"), or the #SBATCH options of a script.
func streamFields(data []byte, text bool) ([]string, error) {
	if text {
		set := map[string]bool{}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			if opt, ok := strings.CutPrefix(sc.Text(), "#SBATCH "); ok {
				set["#SBATCH "+strings.SplitN(opt, "=", 2)[0]] = true
			}
		}
		return sortedKeys(set), nil
	}
	trim := bytes.TrimSpace(data)
	if len(trim) > 0 && (trim[0] == '{' || trim[0] == '[') {
		return fieldNames(trim)
	}
	header := ""
	for _, line := range strings.Split(string(trim), "\n") {
		if !strings.HasPrefix(line, "#") { // comment lines before the header
			header = line
			break
		}
	}
	var out []string
	for _, col := range strings.Split(header, ",") {
		if _, err := fmt.Sscan(col, new(float64)); err == nil {
			return []string{"csv:columns"}, nil // no header: numbers only
		}
		out = append(out, "csv:"+col)
	}
	return out, nil
}

// runContractCase runs c in a fresh folder and returns the field names of
// stdout and of each output file.
func runContractCase(t *testing.T, c contractCase) map[string][]string {
	t.Helper()
	dir := t.TempDir()
	subst := func(args []string) []string {
		out := make([]string, len(args))
		for i, a := range args {
			out[i] = strings.ReplaceAll(a, "{dir}", dir)
		}
		return out
	}
	for _, p := range c.pre {
		if code, _, errs := runCmd(t, subst(p)...); code != 0 {
			t.Fatalf("%v: exit %d: %s", p, code, errs)
		}
	}
	args := subst(c.args)
	code, out, errs := runCmd(t, args...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errs)
	}
	got := map[string][]string{}
	var err error
	if got["stdout"], err = streamFields([]byte(out), c.text); err != nil {
		t.Fatalf("stdout: %v", err)
	}
	for _, f := range c.files {
		k := slices.Index(args, f)
		if k < 0 || k+1 >= len(args) {
			t.Fatalf("output flag %s not in %v", f, args)
		}
		b, err := os.ReadFile(args[k+1])
		if err != nil {
			t.Fatal(err)
		}
		if got[f], err = streamFields(b, false); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	return got
}

// TestContract pins the public contract of the command line: every
// subcommand listed by `ngnmm help` (and every registered model through the
// generic model commands) runs a small case, and the field names of its
// JSON (the full nested key set), CSV headers and output files must equal
// testdata/contract.json. Field names only, not values: the numbers are
// checked against independent references by the other tests. The file was
// written from the binary of main at a60cfa9 (before the CLI was thinned).
func TestContract(t *testing.T) {
	withSharedData(t)
	path := filepath.Join("testdata", "contract.json")
	want := map[string]map[string][]string{}
	if !*updateContract {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatal(err)
		}
	}
	cases := contractCases()
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.cmd] = true
	}
	for _, n := range names() {
		if !groupCommands[n] && !covered[n] {
			t.Errorf("command %q has no contract case", n)
		}
	}
	got := map[string]map[string][]string{}
	caseNames := make([]string, 0, len(cases))
	for n := range cases {
		caseNames = append(caseNames, n)
	}
	sort.Strings(caseNames)
	for _, name := range caseNames {
		c := cases[name]
		w, ok := want[name]
		if !ok && !*updateContract {
			if strings.Contains(name, "--model ") {
				t.Logf("%s: no entry in %s (a model added since; run with -update-contract)", name, path)
				continue
			}
			t.Errorf("%s: no entry in %s", name, path)
			continue
		}
		t.Run(strings.ReplaceAll(name, " ", "_"), func(t *testing.T) {
			g := runContractCase(t, c)
			got[name] = g
			if *updateContract {
				return
			}
			for stream, fields := range w {
				missing, added := diffSorted(fields, g[stream])
				if len(missing) > 0 {
					t.Errorf("%s: fields removed or renamed (public contract): %v", stream, missing)
				}
				if len(added) > 0 {
					t.Errorf("%s: new fields %v: if deliberate, run go test -run TestContract -update-contract", stream, added)
				}
			}
			for stream := range g {
				if _, ok := w[stream]; !ok {
					t.Errorf("new output %s: if deliberate, run with -update-contract", stream)
				}
			}
		})
	}
	if *updateContract {
		b, err := json.MarshalIndent(got, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// diffSorted returns the elements of want missing from got and those of got
// not in want.
func diffSorted(want, got []string) (missing, added []string) {
	w := map[string]bool{}
	for _, s := range want {
		w[s] = true
	}
	g := map[string]bool{}
	for _, s := range got {
		g[s] = true
		if !w[s] {
			added = append(added, s)
		}
	}
	for _, s := range want {
		if !g[s] {
			missing = append(missing, s)
		}
	}
	return missing, added
}
