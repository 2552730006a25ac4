#!/usr/bin/env python3
"""Strip a Jupyter notebook to the form it is committed in.

Removes every code cell's outputs and execution count, the per-cell run
metadata Jupyter adds (execution times, collapsed/scrolled state) and the
kernel's extra language_info fields, and writes the notebook as the
repository keeps it, which is how Jupyter itself saves a notebook (nbformat:
JSON with sorted keys, one-space indent, UTF-8 unescaped, a final newline). Used as a git clean filter (`./lab` and `make lab` set it up:
git config filter.ngnmm-nbstrip.clean 'scripts/nbstrip.py'), so a notebook
that was run and saved in the lab does not show up as modified in git.

Usage: scripts/nbstrip.py < in.ipynb > out.ipynb     (filter: stdin → stdout)
       scripts/nbstrip.py --in-place NOTEBOOK...     (rewrite files)
       scripts/nbstrip.py --check NOTEBOOK...        (exit 1 naming each file not committed stripped)
A file that is not a notebook JSON is passed through unchanged (a filter must
never lose content), with a warning on stderr.
"""
import json
import os
import sys
import tempfile

CELL_VOLATILE = ("execution", "ExecuteTime", "collapsed", "scrolled")


def strip(text):
    """Return the stripped notebook text, or text itself if it is not a notebook."""
    try:
        nb = json.loads(text)
    except ValueError as e:
        print(f"nbstrip: not JSON, left unchanged: {e}", file=sys.stderr)
        return text
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        print("nbstrip: no cells list, left unchanged", file=sys.stderr)
        return text
    ids = {c.get("id") for c in nb["cells"] if isinstance(c, dict)}
    for i, c in enumerate(nb["cells"]):
        if not isinstance(c, dict):
            continue
        if "id" not in c and nb.get("nbformat_minor", 0) >= 5:
            # Jupyter gives a cell without an id a random one on every save;
            # a committed notebook carries fixed ones.
            k = i
            while f"c{k:02d}" in ids:
                k += 1000
            c["id"] = f"c{k:02d}"
            ids.add(c["id"])
        src = c.get("source")
        if isinstance(src, str):  # nbformat stores multi-line strings as lists of lines
            c["source"] = src.splitlines(True)
        if c.get("cell_type") == "code":
            c["outputs"] = []
            c["execution_count"] = None
        md = c.get("metadata")
        if isinstance(md, dict):
            for k in CELL_VOLATILE:
                md.pop(k, None)
    md = nb.get("metadata")
    if isinstance(md, dict):
        li = md.get("language_info")
        if isinstance(li, dict) and "name" in li:
            md["language_info"] = {"name": li["name"]}
        md.pop("widgets", None)
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv):
    if argv and argv[0] == "--check":
        bad = 0
        for p in argv[1:]:
            with open(p, encoding="utf-8") as f:
                s = f.read()
            if strip(s) != s:
                print(f"nbstrip: {p} is not in its committed (stripped) form: run `make strip`", file=sys.stderr)
                bad += 1
        return 1 if bad else 0
    if argv and argv[0] == "--in-place":
        for p in argv[1:]:
            with open(p, encoding="utf-8") as f:
                s = f.read()
            out = strip(s)
            if out == s:
                continue
            d = os.path.dirname(os.path.abspath(p))
            fd, tmp = tempfile.mkstemp(dir=d, prefix=".nbstrip-")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(out)
            os.chmod(tmp, os.stat(p).st_mode & 0o777)
            os.replace(tmp, p)
            print(f"nbstrip: {p}")
        return 0
    if argv:
        print(__doc__.strip().split("\n\n")[-2], file=sys.stderr)
        return 2
    sys.stdout.write(strip(sys.stdin.read()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
