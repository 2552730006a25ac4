// Command ngnmm exposes the ngnmm library on the command line. Every
// subcommand prints JSON (or CSV where it says so) on standard output, so
// that results can be scripted; `ngnmm help CMD` documents a subcommand's
// flags, output fields and units.
//
// Errors (bad flags, invalid parameters) are printed as one line on standard
// error and the exit status is 2; a failure during a computation exits 1.
//
// Each subcommand lives in its own file and registers itself in init with
// [register]; the subcommand and JSON field names are a public contract.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// command is one subcommand, named by one or two words ("mpr simulate").
type command struct {
	Name    string // e.g. "mpr fixedpoints"
	Summary string // one line for the command list
	Help    string // fields and units of the output, printed by `ngnmm help NAME`
	// Run parses args (the flags after the command words) and writes the
	// result to stdout. Errors wrapping errUsage exit with status 2.
	Run func(args []string, stdout io.Writer) error
}

var commands = map[string]*command{}

// register adds a subcommand; it panics on a duplicate name (a programming
// error caught by the tests).
func register(c *command) {
	if _, dup := commands[c.Name]; dup {
		panic("ngnmm: duplicate command " + c.Name)
	}
	commands[c.Name] = c
}

// errUsage marks errors in the user's input (exit status 2).
var errUsage = errors.New("usage")

// usageErr returns an error wrapping errUsage with a formatted message.
func usageErr(format string, a ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, a...))
}

// newFlags returns a flag set for a subcommand that reports errors instead of
// exiting, and writes nothing by itself.
// groupRun is the Run of a command group such as "mpr": it has no action of
// its own and answers with a usage error listing its subcommands subs, or
// naming an unknown one; help is the command whose help to see.
func groupRun(subs, help string) func(args []string, _ io.Writer) error {
	return func(args []string, _ io.Writer) error {
		if len(args) > 0 {
			return usageErr("unknown subcommand %q: want %s", args[0], subs)
		}
		return usageErr("want a subcommand: %s (see 'ngnmm help %s')", subs, help)
	}
}

func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseFlags parses args into fs and turns flag errors and stray arguments
// into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return usageErr("see 'ngnmm help %s'", fs.Name())
		}
		return usageErr("%s: %v", fs.Name(), err)
	}
	if fs.NArg() > 0 {
		return usageErr("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return nil
}

// writeJSON writes v as indented JSON followed by a newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// lookup finds the command named by the longest prefix (two words, then one)
// of args and returns it with the remaining arguments.
func lookup(args []string) (*command, []string) {
	for n := 2; n >= 1; n-- {
		if len(args) >= n {
			if c, ok := commands[strings.Join(args[:n], " ")]; ok {
				return c, args[n:]
			}
		}
	}
	return nil, args
}

func names() []string {
	var ns []string
	for n := range commands {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return ns
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "ngnmm — next-generation neural mass models. Usage: ngnmm COMMAND [flags]; ngnmm help COMMAND")
	fmt.Fprintln(w, limitsHelp)
	fmt.Fprintln(w, "Commands:")
	for _, n := range names() {
		fmt.Fprintf(w, "  %-24s %s\n", n, commands[n].Summary)
	}
}

// run executes the command line and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) == 1 {
			usage(stdout)
			return 0
		}
		c, rest := lookup(args[1:])
		if c == nil || len(rest) > 0 {
			fmt.Fprintf(stderr, "ngnmm: unknown command %q (see 'ngnmm help')\n", strings.Join(args[1:], " "))
			return 2
		}
		fmt.Fprintf(stdout, "ngnmm %s — %s\n\n%s\n", c.Name, c.Summary, strings.TrimSpace(c.Help))
		return 0
	}
	c, rest := lookup(args)
	if c == nil {
		fmt.Fprintf(stderr, "ngnmm: unknown command %q (see 'ngnmm help')\n", strings.Join(args, " "))
		return 2
	}
	for _, a := range rest {
		if a == "--" {
			break
		}
		if a == "-h" || a == "--help" || a == "-help" {
			fmt.Fprintf(stdout, "ngnmm %s — %s\n\n%s\n", c.Name, c.Summary, strings.TrimSpace(c.Help))
			return 0
		}
	}
	if err := c.Run(rest, stdout); err != nil {
		msg := strings.ReplaceAll(err.Error(), "\n", " ")
		if errors.Is(err, errUsage) {
			fmt.Fprintf(stderr, "ngnmm %s: %s\n", c.Name, strings.TrimPrefix(msg, "usage: "))
			return 2
		}
		fmt.Fprintf(stderr, "ngnmm %s: %s\n", c.Name, msg)
		return 1
	}
	return 0
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
