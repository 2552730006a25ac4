#!/usr/bin/python3
"""Check executed GoNB notebooks; exit 1 if any code cell failed.

Usage: scripts/nbcheck.py [--name DISPLAYNAME] EXECUTED.ipynb...

A code cell fails if
  * it was not executed (execution_count is null: the run stopped early),
  * it has an `error` output (compile errors; with GoNB >= v0.11.4 also
    panics, log.Fatal / non-zero exits and failing %test cells), or
  * its stderr shows a Go panic, a fatal error, "exit status N" or a
    "--- FAIL:" test line (how GoNB v0.11.1 reported runtime failures), or
  * it shows plotting's error box (class "ngnmm-error": a figure that could
    not be drawn, even if the cell ignored the returned error).
Each failure is printed as "FAIL <notebook> cell <index> (<first source line>): <why>"
followed by the cell's outputs with HTML stripped, so compile errors show the
compiler's message. Cell indexes count all cells from 0, as in the .ipynb file.
Standard library only.
"""
import html
import json
import re
import sys

BAD_STDERR = re.compile(r"^panic: |^fatal error: |exit status [1-9]\d*\s*$|^--- FAIL: ", re.M)
PLOT_ERROR = 'class="ngnmm-error"'  # plotting's error box (a figure that could not be drawn)


def html_of(o):
    h = o.get("data", {}).get("text/html", "")
    return "".join(h) if isinstance(h, list) else h


def text(o):
    """Plain text of one output (HTML tags, scripts and styles removed)."""
    if o.get("output_type") == "stream":
        t = o.get("text", "")
    elif o.get("output_type") == "error":
        t = "%s: %s" % (o.get("ename"), o.get("evalue"))
        tb = o.get("traceback") or []
        if tb:
            t += "\n" + "\n".join(tb)
    else:
        d = o.get("data", {})
        t = d.get("text/plain") or d.get("text/html") or ""
    t = "".join(t) if isinstance(t, list) else t
    t = re.sub(r"(?s)<(style|script)\b.*?</\1>", "", t)
    t = re.sub(r"\x1b\[[0-9;]*m", "", t)  # ANSI colours
    return html.unescape(re.sub(r"<[^>]+>", "", t))


def check(path):
    """Return [(cell index, first source line, why, outputs text)] for failed cells."""
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    failed = []
    for i, c in enumerate(nb.get("cells", [])):
        src = "".join(c.get("source", ""))
        if c.get("cell_type") != "code" or not src.strip():
            continue
        outs = c.get("outputs", [])
        why = []
        if c.get("execution_count") is None:
            why.append("not executed")
        for o in outs:
            if o.get("output_type") == "error":
                why.append("error output")
            elif o.get("output_type") == "stream" and o.get("name") == "stderr" and BAD_STDERR.search(text(o)):
                why.append("failure on stderr")
            elif PLOT_ERROR in html_of(o):
                why.append("plotting error")
        if why:
            body = "\n".join(text(o).strip() for o in outs)
            body = re.sub(r"\n\s*\n+", "\n", body).strip()[:3000]
            first = next((ln.strip() for ln in src.splitlines() if ln.strip() not in ("", "%%")), "")[:60]
            failed.append((i, first, ", ".join(dict.fromkeys(why)), body))
    return failed


def main(argv):
    name = None
    if len(argv) >= 2 and argv[0] == "--name":
        name, argv = argv[1], argv[2:]
    if not argv:
        print(__doc__)
        return 2
    rc = 0
    for p in argv:
        try:
            failed = check(p)
        except (OSError, ValueError, AttributeError) as e:
            print(f"FAIL {name or p}: cannot read executed notebook: {e}")
            rc = 1
            continue
        for i, first, why, body in failed:
            print(f"FAIL {name or p} cell {i} ({first}): {why}")
            if body:
                print("    " + body.replace("\n", "\n    "))
        rc |= bool(failed)
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
