#!/usr/bin/env python3
"""Turn `go test -json` (on stdin) into go test's usual terse output, plus the
skipped tests grouped by reason, for scripts/test.sh.

Prints, as the packages finish: `ok`/`FAIL`/`?` lines, the output of every
failing test and build errors (non-JSON lines are passed through). Then one
line per skip reason:  `  SKIP  12× shared data not found: set NGNMM_DATA  (pkg: TestA, …)`
and as the last line:
  gotest: P packages ok, F failed, K tests skipped (D for missing data)
P and F count packages (as before), K counts tests and subtests that called
t.Skip, D those whose reason mentions data (NGNMM_DATA, "data", a dataset).

Usage: go test -json ./... 2>&1 | scripts/gotest-report.py [--self-test]
"""
import json
import re
import sys

DATA_RE = re.compile(r"NGNMM_DATA|\bdata\b|dataset|connectome|aal90", re.I)
LOC_RE = re.compile(r"^\s*[\w./-]+\.go:\d+:\s?")
NOISE = ("=== RUN", "=== PAUSE", "=== CONT", "=== NAME", "--- SKIP", "--- PASS", "--- FAIL")


def short(pkg):
    m = "github.com/ngnmm/ngnmm/"
    return pkg[len(m):] if pkg.startswith(m) else pkg


def report(lines, out):
    buf = {}  # (pkg, test) -> output lines
    skips = {}  # reason -> [(pkg, test)]
    ok = failed = 0
    for raw in lines:
        line = raw.rstrip("\n")
        if not line.startswith("{"):
            out.write(line + "\n")
            continue
        try:
            ev = json.loads(line)
        except ValueError:
            out.write(line + "\n")
            continue
        act, pkg, test = ev.get("Action"), ev.get("Package", ""), ev.get("Test")
        text = ev.get("Output", "")
        if act == "build-output":
            out.write(text)
        elif act == "output":
            if test:
                buf.setdefault((pkg, test), []).append(text)
            elif text.strip() not in ("PASS", "FAIL", "") and not text.startswith("=== "):
                out.write(text)
        elif act in ("pass", "fail", "skip") and test:
            got = buf.pop((pkg, test), [])
            if act == "fail":
                out.write("".join(got))
            elif act == "skip":
                msg = [LOC_RE.sub("", t).strip() for t in got if not t.lstrip().startswith(NOISE)]
                reason = " ".join(m for m in msg if m) or "(no reason given)"
                skips.setdefault(reason, []).append((pkg, test))
        elif act == "pass" and not test:
            ok += 1
        elif act == "fail" and not test:
            failed += 1
            for key in [k for k in buf if k[0] == pkg]:  # output of a test that never ended (panic, timeout)
                out.write("".join(buf.pop(key)))
    k = sum(len(v) for v in skips.values())
    d = sum(len(v) for r, v in skips.items() if DATA_RE.search(r))
    for reason, who in sorted(skips.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        names = ", ".join("%s %s" % (short(p), t) for p, t in who[:3]) + (", …" if len(who) > 3 else "")
        out.write("  SKIP %3d× %s  (%s)\n" % (len(who), reason, names))
    out.write("gotest: %d packages ok, %d failed, %d tests skipped (%d for missing data)\n" % (ok, failed, k, d))
    return ok, failed, k, d


def self_test():
    import io
    ev = [
        {"Action": "run", "Package": "github.com/ngnmm/ngnmm/a", "Test": "TestX"},
        {"Action": "output", "Package": "github.com/ngnmm/ngnmm/a", "Test": "TestX", "Output": "=== RUN   TestX\n"},
        {"Action": "output", "Package": "github.com/ngnmm/ngnmm/a", "Test": "TestX", "Output": "    x_test.go:9: shared data not found: set NGNMM_DATA\n"},
        {"Action": "output", "Package": "github.com/ngnmm/ngnmm/a", "Test": "TestX", "Output": "--- SKIP: TestX (0.00s)\n"},
        {"Action": "skip", "Package": "github.com/ngnmm/ngnmm/a", "Test": "TestX"},
        {"Action": "output", "Package": "github.com/ngnmm/ngnmm/a", "Test": "TestL", "Output": "    l_test.go:3: 60-s run: set NGNMM_LONG=1\n"},
        {"Action": "skip", "Package": "github.com/ngnmm/ngnmm/a", "Test": "TestL"},
        {"Action": "output", "Package": "github.com/ngnmm/ngnmm/a", "Test": "TestF", "Output": "    f_test.go:1: got 2, want 1\n"},
        {"Action": "fail", "Package": "github.com/ngnmm/ngnmm/a", "Test": "TestF"},
        {"Action": "output", "Package": "github.com/ngnmm/ngnmm/a", "Output": "FAIL\tm/ngnmm/a\t0.1s\n"},
        {"Action": "fail", "Package": "github.com/ngnmm/ngnmm/a"},
        {"Action": "output", "Package": "github.com/ngnmm/ngnmm/b", "Output": "ok  \tm/ngnmm/b\t0.1s\n"},
        {"Action": "pass", "Package": "github.com/ngnmm/ngnmm/b"},
        {"Action": "skip", "Package": "github.com/ngnmm/ngnmm/c"},
    ]
    lines = [json.dumps(e) for e in ev] + ["# github.com/ngnmm/ngnmm/d", "d.go:1:1: syntax error"]
    out = io.StringIO()
    got = report(lines, out)
    text = out.getvalue()
    want = (1, 1, 2, 1)
    checks = [
        (got == want, "counts %s, want %s" % (got, want)),
        ("got 2, want 1" in text, "failing test's output not shown"),
        ("shared data not found: set NGNMM_DATA  (a TestX)" in text, "skip reason not shown"),
        ("d.go:1:1: syntax error" in text, "non-JSON line not passed through"),
        (text.rstrip("\n").split("\n")[-1] == "gotest: 1 packages ok, 1 failed, 2 tests skipped (1 for missing data)", "last line"),
    ]
    bad = [m for c, m in checks if not c]
    for m in bad:
        print("gotest-report self-test: " + m)
    if bad:
        print(text)
    return 1 if bad else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(self_test())
    report(sys.stdin, sys.stdout)
