#!/usr/bin/python3
"""Check in a real browser that every echarts chart of executed notebooks drew.

Usage: scripts/browsercheck.py --out SITE_DIR EXECUTED.ipynb...

For each executed notebook (run with NGNMM_ECHARTS_ASSETS=assets/):
  1. `jupyter nbconvert --to html` into SITE_DIR, echarts.min.js (npm, pinned,
     SHA-256 checked by scripts/echarts-assets.sh) into SITE_DIR/assets/;
  2. serve SITE_DIR on 127.0.0.1 (a free port; works offline);
  3. headless Debian chromium, first with --dump-dom to read where each chart
     (<div class="ngnmm-echarts">, see plotting.Figure.HTML) is on the page and
     whether its loader reported "drawn", then with --screenshot (pages are
     cut into windows of CHUNK px, each chart wholly inside one);
     the page is also opened as file://, where Debian's require.js loads, to
     check that the loader's RequireJS branch (classic Notebook) draws too;
  4. in each chart's plot area (data-ngnmm-grid margins) count pixels of the
     chart's series colours (data-ngnmm-colors; charts without them: saturated
     pixels). A chart passes with at least MIN_PIXELS such pixels (scatter
     plots of few points: data-ngnmm-min-pixels, about 3 per point, at least
     20), so an empty <div> or a chart with axes but no data fails; its
     option must have a toolbox (save image, restore, zoom, data view);
  5. an untrusted copy of the page (every chart's <script> removed, as an
     untrusted notebook, GitHub and nbviewer do) must show a decoded static
     image (img.ngnmm-fallback, at least 200x100 px) where each chart is.
  6. the notebook itself must have executed fully (scripts/nbcheck.py: no
     error output, no unexecuted code cell), so that a notebook that stopped
     before its charts cannot pass with fewer (or 0) charts.
Prints "PASS/FAIL <notebook>: k charts ..." per notebook (notebooks without
charts pass with 0 charts only when every cell executed) and "browser: N passed, M failed". Exit 1 on any
failure. Screenshots and crops stay in SITE_DIR for inspection.
Needs /usr/bin/python3 with python3-pil, jupyter-nbconvert and chromium.
"""
import argparse
import functools
import glob
import html
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading

from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nbcheck  # noqa: E402  (the runner's cell check: errors, unexecuted cells)

MIN_PIXELS = 150
CHUNK = 6000  # screenshot height (px)
REQUIREJS = "/usr/share/javascript/requirejs/require.min.js"
WIDTH = 1200
HERE = os.path.dirname(os.path.abspath(__file__))

# Injected into the test copy of each page: waits until every chart's loader
# has drawn (or 8 s of page time), then writes the chart boxes into <pre id=ngnmm-check>.
PROBE = """
<script>
(function () {
  var t0 = Date.now();
  function report() {
    var charts = Array.prototype.slice.call(document.querySelectorAll("div.ngnmm-echarts"));
    var done = charts.every(function (el) {
      var img = el.querySelector("img.ngnmm-fallback");
      return el.getAttribute("data-ngnmm-drawn") || el.querySelector("pre") || (window.__ngnmmUntrusted && img && img.complete);
    });
    if (!done && Date.now() - t0 < 8000) { setTimeout(report, 100); return; }
    var out = {height: Math.ceil(document.documentElement.scrollHeight), charts: charts.map(function (el) {
      var r = el.getBoundingClientRect();
      return {id: el.id, x: r.left + window.scrollX, y: r.top + window.scrollY, w: r.width, h: r.height,
              drawn: !!el.getAttribute("data-ngnmm-drawn"), colors: el.getAttribute("data-ngnmm-colors") || "",
              grid: el.getAttribute("data-ngnmm-grid") || "", canvas: !!el.querySelector("canvas"),
              minPixels: parseInt(el.getAttribute("data-ngnmm-min-pixels") || "0", 10),
              text: (el.querySelector("pre") || {}).textContent || "",
              img: (function (i) { if (!i) return null; var b = i.getBoundingClientRect();
                return {natural: i.naturalWidth, w: b.width, h: b.height}; })(el.querySelector("img.ngnmm-fallback"))};
    })};
    var pre = document.createElement("pre");
    pre.id = "ngnmm-check";
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  }
  // Screenshot runs open the page as #ngnmm-shift=Y: shift it up by Y px so
  // that a window of CHUNK px shows page rows Y..Y+CHUNK.
  var m = /ngnmm-shift=(\d+)/.exec(location.hash);
  if (m) document.documentElement.style.transform = "translateY(-" + m[1] + "px)";
  window.addEventListener("load", function () { setTimeout(report, 50); });
})();
</script>
"""


def chromium(args, timeout=120):
    prof = tempfile.mkdtemp(prefix="ngnmm-chromium-")
    cmd = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--hide-scrollbars", "--force-device-scale-factor=1", "--user-data-dir=" + prof] + args
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        # e.g. a page whose rendering never settles in virtual time
        return subprocess.CompletedProcess(cmd, -1, "", f"chromium timed out after {timeout} s")
    finally:
        shutil.rmtree(prof, ignore_errors=True)


def hexrgb(c):
    c = c.strip().lstrip("#")
    return tuple(int(c[i:i + 2], 16) for i in (0, 2, 4)) if len(c) == 6 else None


def count_pixels(img, box, colors):
    """Pixels in box close to one of colors (or saturated if colors is empty)."""
    crop = img.crop(box).convert("RGB")
    n = 0
    for r, g, b in crop.getdata():
        if colors:
            for cr, cg, cb in colors:
                if abs(r - cr) + abs(g - cg) + abs(b - cb) <= 60:
                    n += 1
                    break
        elif max(r, g, b) - min(r, g, b) >= 60:
            n += 1
    return n, crop


def serve(root):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=root)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


CHART_SCRIPT = re.compile(r'<script type="text/javascript">\s*\(function \(\) \{\s*var id = "ngnmm-chart-.*?</script>', re.S)


def untrusted_copy(page):
    """Write NAME.untrusted.html: the page without the charts' scripts (what an
    untrusted notebook's sanitizer, GitHub and nbviewer leave); the probe stays."""
    with open(page, encoding="utf-8") as f:
        doc = f.read()
    scripts = CHART_SCRIPT.findall(doc)
    doc = CHART_SCRIPT.sub("", doc)
    doc = doc.replace("<head>", "<head><script>window.__ngnmmUntrusted = true;</script>", 1)
    path = os.path.splitext(page)[0] + ".untrusted.html"
    with open(path, "w", encoding="utf-8") as f:
        f.write(doc)
    return path, scripts


def check_untrusted(base, page, n):
    """Every chart of the untrusted copy shows its static image."""
    path, scripts = untrusted_copy(page)
    lines, ok = [], True
    no_toolbox = sum(1 for sc in scripts if '"toolbox":' not in sc)
    if no_toolbox:
        ok = False
        lines.append(f"toolbox: {no_toolbox} of {len(scripts)} charts have none, FAILED")
    else:
        lines.append(f"toolbox: in all {len(scripts)} charts, ok")
    r = chromium(["--virtual-time-budget=15000", "--window-size=%d,1000" % WIDTH, "--dump-dom",
                  f"{base}/{os.path.basename(path)}"])
    m = re.search(r'<pre id="ngnmm-check">(.*?)</pre>', r.stdout, re.S)
    if not m:
        return False, lines + [f"untrusted copy: no probe result (exit {r.returncode})"]
    charts = json.loads(html.unescape(m.group(1)))["charts"]
    shown = [c for c in charts if c.get("img") and c["img"]["natural"] > 0 and c["img"]["w"] >= 200 and c["img"]["h"] >= 100]
    drawn = [c for c in charts if c["drawn"]]
    good = len(charts) == n and len(shown) == n and not drawn
    lines.append(f"untrusted copy: {len(shown)} of {n} charts show their static image"
                 + (f", {len(drawn)} drawn without script" if drawn else "") + (", ok" if good else ", FAILED"))
    return ok and good, lines


def check_page(base, page, out):
    """Return (ok, message lines)."""
    name = os.path.splitext(os.path.basename(page))[0]
    url = f"{base}/{os.path.basename(page)}"
    args = ["--virtual-time-budget=15000", "--window-size=%d,1000" % WIDTH, "--dump-dom", url]
    r = chromium(args)
    m = re.search(r'<pre id="ngnmm-check">(.*?)</pre>', r.stdout, re.S)
    retried = []
    if not m:
        # A loaded machine can make chromium miss its wall-clock limit on a
        # page with many charts: one retry with a longer one, and say so.
        retried = [f"no probe result on the first try (exit {r.returncode}: {r.stderr.strip()[-200:]}); retried"]
        r = chromium(args, timeout=360)
        m = re.search(r'<pre id="ngnmm-check">(.*?)</pre>', r.stdout, re.S)
    if not m:
        return False, retried + [f"no probe result from chromium (exit {r.returncode}): {r.stderr.strip()[-400:]}"]
    info = json.loads(html.unescape(m.group(1)))
    charts = info["charts"]
    if not charts:
        return True, retried + ["0 charts"]
    # Screenshots of at most CHUNK px each, shifted so that every chart lies wholly in one.
    shots = []  # (shift, image)
    for c in sorted(charts, key=lambda c: c["y"]):
        if shots and c["y"] + c["h"] <= shots[-1][0] + CHUNK:
            continue
        shift = max(0, int(c["y"]) - 20)
        path = os.path.join(out, f"{name}.shot{len(shots)}.png")
        r = chromium(["--virtual-time-budget=15000", "--window-size=%d,%d" % (WIDTH, CHUNK),
                      "--screenshot=" + path, f"{url}#ngnmm-shift={shift}"])
        if not os.path.exists(path):
            return False, [f"no screenshot (exit {r.returncode}): {r.stderr.strip()[-400:]}"]
        shots.append((shift, Image.open(path)))
    ok, lines = True, []
    # The RequireJS branch of the loader (classic Notebook): Debian's nbconvert
    # HTML loads require.js from file:///usr/share/javascript, so open the page as file://.
    if os.path.exists(REQUIREJS):
        r = chromium(["--virtual-time-budget=15000", "--window-size=%d,1000" % WIDTH, "--allow-file-access-from-files",
                      "--dump-dom", "file://" + os.path.abspath(page)])
        m = re.search(r'<pre id="ngnmm-check">(.*?)</pre>', r.stdout, re.S)
        drawn = [c["drawn"] for c in json.loads(html.unescape(m.group(1)))["charts"]] if m else []
        if len(drawn) == len(charts) and all(drawn):
            lines.append(f"RequireJS (file://): {len(drawn)} of {len(charts)} charts drawn, ok")
        else:
            ok = False
            lines.append(f"RequireJS (file://): {sum(drawn)} of {len(charts)} charts drawn, FAILED")
    for k, c in enumerate(charts):
        why = []
        if not c["drawn"]:
            why.append("loader did not draw" + (": " + c["text"].strip()[:200] if c["text"] else ""))
        grid = [int(v) for v in c["grid"].split(",")] if c["grid"] else [0, 0, 0, 0]
        shift, img = [sh for sh in shots if sh[0] <= c["y"]][-1]
        box = (int(c["x"]) + grid[0], int(c["y"]) - shift + grid[2],
               int(c["x"] + c["w"]) - grid[1], int(c["y"] + c["h"]) - shift - grid[3])
        if box[2] <= box[0] or box[3] <= box[1] or box[3] > img.height:
            why.append(f"plot area {box} outside the {img.width}x{img.height} screenshot")
            n = 0
        else:
            # the colours as drawn opaque, and blended with the white background
            # at echarts' usual opacities (scatter symbols are 0.8 opaque)
            colors = [tuple(round(a * v + (1 - a) * 255) for v in rgb)
                      for rgb in (hexrgb(x) for x in c["colors"].split(",") if hexrgb(x))
                      for a in (1.0, 0.8, 0.6)]
            n, crop = count_pixels(img, box, colors)
            crop.save(os.path.join(out, f"{name}.chart{k}.png"))
            need = min(MIN_PIXELS, max(20, c["minPixels"])) if c["minPixels"] else MIN_PIXELS
            if n < need:
                why.append(f"only {n} series-coloured pixels in the plot area (need {need})")
        status = "ok" if not why else "FAILED: " + "; ".join(why)
        lines.append(f"chart {k} ({c['id']}, {int(c['w'])}x{int(c['h'])} px at y={int(c['y'])}): {n} series pixels, {status}")
        ok = ok and not why
    uok, ulines = check_untrusted(base, page, len(charts))
    return ok and uok, retried + lines + ulines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="site directory (HTML, assets, screenshots)")
    ap.add_argument("notebooks", nargs="+")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    subprocess.run([os.path.join(HERE, "echarts-assets.sh"), os.path.join(a.out, "assets")], check=True)
    env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
    r = subprocess.run(["jupyter", "nbconvert", "--to", "html", "--output-dir", a.out] + a.notebooks,
                       capture_output=True, text=True, env=env)
    if r.returncode != 0:
        print("FAIL nbconvert --to html:\n" + r.stderr[-2000:])
        print("browser: 0 passed, 1 failed")
        return 1
    srv = serve(a.out)
    base = f"http://127.0.0.1:{srv.server_address[1]}"
    passed = failed = 0
    try:
        for nb in a.notebooks:
            page = os.path.join(a.out, os.path.splitext(os.path.basename(nb))[0] + ".html")
            with open(page, encoding="utf-8") as f:
                doc = f.read()
            i = doc.rfind("</body>")
            with open(page, "w", encoding="utf-8") as f:
                f.write(doc[:i] + PROBE + doc[i:] if i >= 0 else doc + PROBE)
            ok, lines = check_page(base, page, a.out)
            for cell, first, why, _ in nbcheck.check(nb):
                ok = False
                lines.append(f"notebook cell {cell} ({first}): {why} — its charts cannot be checked")
            n = sum(1 for ln in lines if ln.startswith("chart "))
            print(f"{'PASS' if ok else 'FAIL'} {os.path.basename(nb)}: {n} charts")
            for ln in lines:
                print("    " + ln)
            passed, failed = passed + ok, failed + (not ok)
    finally:
        srv.shutdown()
    print(f"browser: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
