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
     before its charts cannot pass with fewer (or 0) charts;
  7. sliders (notebooks with plotting.Explore cells): a live classic Notebook
     server with the GoNB kernel runs, in headless chromium driven over the
     DevTools protocol (a small websocket client on the standard library), the
     notebook's setup and declaration cells and each explore cell; for each
     slider it moves the slider to another position and requires the chart
     to be redrawn in place (new values, a different echarts option, drawn,
     with its series-coloured pixels), then presses Done and requires the
     final chart, drawn at the last values, whose output in the notebook
     carries its static image (the trusted page's loader removes the <img>
     from the DOM when echarts draws, so the DOM is not where to look).
     Sweep cells (sweep.JobProgress) run there too, with an empty result
     cache (NGNMM_CACHE in a temporary folder): a MutationObserver records
     every value of the cell's progress bar while it runs, and the bar must
     change at least twice, never going back (notebook 05's coupling sweep).
     --no-sliders skips this.
Prints "PASS/FAIL <notebook>: k charts ..." per notebook (notebooks without
charts pass with 0 charts only when every cell executed) and "browser: N passed, M failed". Exit 1 on any
failure. Screenshots and crops stay in SITE_DIR for inspection.
Needs /usr/bin/python3 with python3-pil, jupyter-nbconvert, jupyter-notebook,
chromium and the gonb kernel (as docker/install.sh sets up).
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


# --- sliders: a live Notebook server, chromium over the DevTools protocol ---

# Evaluated in the live notebook page (classic Notebook 6): runs the code
# cells in order; for each explore cell moves every slider once and checks
# that the charts were redrawn in place, then presses Done.
PAGE_DRIVER = r"""
(async function () {
  const sleep = ms => new Promise(r => setTimeout(r, ms));
  async function until(f, ms, what) {
    const t0 = Date.now();
    for (;;) {
      let v = null;
      try { v = f(); } catch (e) {}
      if (v) return v;
      if (Date.now() - t0 > ms) throw new Error("timed out after " + ms / 1000 + " s waiting for " + what);
      await sleep(200);
    }
  }
  function hexrgb(c) { c = c.trim().replace("#", ""); return c.length === 6 ? [0, 2, 4].map(i => parseInt(c.substr(i, 2), 16)) : null; }
  // series-coloured pixels on the canvases of the charts in el (echarts draws on canvas)
  function pixels(el) {
    let n = 0;
    el.querySelectorAll("div.ngnmm-echarts").forEach(ch => {
      const cols = (ch.getAttribute("data-ngnmm-colors") || "").split(",").map(hexrgb).filter(Boolean);
      ch.querySelectorAll("canvas").forEach(cv => {
        const d = cv.getContext("2d").getImageData(0, 0, cv.width, cv.height).data;
        for (let i = 0; i < d.length; i += 4) {
          if (d[i + 3] < 128) continue;
          for (const c of cols) { if (Math.abs(d[i] - c[0]) + Math.abs(d[i + 1] - c[1]) + Math.abs(d[i + 2] - c[2]) <= 60) { n++; break; } }
        }
      });
    });
    return n;
  }
  function state(cell) {
    const out = cell.output_area.element[0];
    const all = out.querySelectorAll("div.ngnmm-explore");
    const ex = all[all.length - 1];
    if (!ex) return null;
    const charts = Array.from(ex.querySelectorAll("div.ngnmm-echarts"));
    const drawn = charts.length > 0 && charts.every(c => c.getAttribute("data-ngnmm-drawn"));
    return {values: ex.getAttribute("data-ngnmm-values"), drawn: drawn, charts: charts.length,
            option: Array.from(ex.querySelectorAll("script")).map(s => s.textContent).join("\n"),
            caption: (ex.querySelector("pre.ngnmm-explore-caption") || {}).textContent || "",
            img: !!ex.querySelector("img.ngnmm-fallback"), el: ex};
  }
  // the explore output as the notebook holds it (the JSON that is saved and
  // that an untrusted viewer renders): its values and whether it carries
  // the static image. In a trusted page the chart loader replaces the
  // <img> in the DOM as soon as echarts draws, so the DOM shows the image
  // only for a moment; the model keeps it.
  function saved(cell) {
    const outs = cell.output_area.outputs.filter(o => o.data && String(o.data["text/html"] || "").includes('class="ngnmm-explore"'));
    if (!outs.length) return null;
    const h = String(outs[outs.length - 1].data["text/html"]);
    const m = h.match(/data-ngnmm-values="([^"]*)"/);
    return {values: m ? m[1] : null, img: h.includes('class="ngnmm-fallback"')};
  }
  const report = {explore: [], progress: [], errors: []};
  try {
    await until(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected(), 120000, "the kernel");
    const cells = Jupyter.notebook.get_cells();
    for (const cell of cells) {
      if (cell.cell_type !== "code") continue;
      const explore = cell.get_text().includes("plotting.Explore(");
      if (cell.get_text().includes("sweep.JobProgress(")) {
        // a sweep cell: record every value its progress bar shows while the
        // cell runs (a MutationObserver on its output, no polling), bounded
        const out = cell.output_area.element[0], seen = [], t0 = Date.now();
        const look = () => {
          if (typeof cell.input_prompt_number === "number") return;
          const bars = out.querySelectorAll("div.ngnmm-progress progress");
          if (!bars.length) return;
          const v = parseFloat(bars[bars.length - 1].getAttribute("value"));
          if (!seen.length || seen[seen.length - 1].v !== v) seen.push({v: v, t: (Date.now() - t0) / 1000});
        };
        const obs = new MutationObserver(look);
        obs.observe(out, {childList: true, subtree: true, attributes: true, characterData: true});
        cell.execute();
        const r = {values: seen};
        try { await until(() => typeof cell.input_prompt_number === "number", 900000, "the sweep cell"); }
        catch (e) { r.error = String(e); }
        obs.disconnect();
        r.seconds = (Date.now() - t0) / 1000;
        const err = cell.output_area.outputs.find(o => o.output_type === "error");
        if (err) r.error = "cell failed: " + err.ename + " " + err.evalue;
        r.text = out.innerText.trim().slice(-300);
        report.progress.push(r);
        continue;
      }
      cell.execute();
      if (!explore) {
        await until(() => typeof cell.input_prompt_number === "number", 600000, "a declaration cell");
        const err = cell.output_area.outputs.find(o => o.output_type === "error");
        if (err) throw new Error("cell failed: " + err.ename + " " + err.evalue);
        continue;
      }
      const r = {moves: []};
      const out = cell.output_area.element[0];
      await until(() => out.querySelector("input[type=range]") && state(cell) && state(cell).drawn, 600000, "the sliders and the first chart");
      await sleep(500);
      const sliders = Array.from(out.querySelectorAll("input[type=range]"));
      r.sliders = sliders.length;
      for (const sl of sliders) {
        // between two redraws the output may be empty for a moment
        let before;
        try { before = await until(() => { const s = state(cell); return s && s.drawn ? s : null; }, 120000, "a drawn chart"); }
        catch (e) { r.moves.push({error: String(e) + "; the cell shows: " + out.innerText.trim().slice(0, 300)}); continue; }
        const max = parseInt(sl.max, 10), cur = parseInt(sl.value, 10);
        const to = cur > max / 2 ? Math.floor(max / 4) : Math.ceil(3 * max / 4);
        sl.value = String(to);
        sl.dispatchEvent(new Event("input"));
        sl.dispatchEvent(new Event("change"));
        const t0 = Date.now();
        let after = null;
        try {
          after = await until(() => { const s = state(cell); return s && s.values !== before.values && s.drawn ? s : null; }, 120000, "the redraw");
        } catch (e) { r.moves.push({from: before.values, error: String(e) + "; the cell shows: " + out.innerText.trim().slice(0, 300)}); continue; }
        await sleep(300);
        r.moves.push({from: before.values, to: after.values, seconds: (Date.now() - t0) / 1000, charts: after.charts,
                      optionChanged: after.option !== before.option, captionChanged: after.caption !== before.caption,
                      pixels: pixels(after.el), caption: after.caption});
      }
      const button = Array.from(out.querySelectorAll("button")).find(b => b.textContent.trim() === "Done");
      if (button) button.click(); else r.noButton = true;
      await until(() => typeof cell.input_prompt_number === "number", 120000, "the explore cell to end after Done");
      // The final chart is the cell's last output: plotting.Explore waits
      // (gonbui.Sync) until the kernel has published it before the cell
      // ends, but it travels on iopub, the execute reply on shell, so it
      // may arrive after the prompt number. Wait, bounded, until the
      // notebook holds it with its image at the last values and the page
      // has drawn it with the sliders gone.
      const last = r.moves.length ? r.moves[r.moves.length - 1].to : null;
      const final = () => {
        const s = state(cell), m = saved(cell);
        return s && m && m.img && s.drawn && m.values === s.values && (last === null || s.values === last) &&
          !out.querySelector("input[type=range]") ? {values: s.values, img: m.img, charts: s.charts} : null;
      };
      try { await until(final, 60000, "the final chart with its static image"); }
      catch (e) { r.finalError = String(e); }
      const fin = state(cell), sv = saved(cell);
      r.charts = out.querySelectorAll("div.ngnmm-explore").length;
      r.final = fin ? {values: fin.values, img: !!(sv && sv.img && sv.values === fin.values), drawn: fin.drawn, charts: fin.charts} : null;
      r.slidersLeft = out.querySelectorAll("input[type=range]").length;
      report.explore.push(r);
    }
  } catch (e) { report.errors.push(String(e)); }
  return JSON.stringify(report);
})()
"""

def cdp_evaluate(url, expr, timeout):
    """Evaluate expr (a promise) in the page of DevTools websocket url and
    return its value. A minimal RFC 6455 client on the standard library
    (chromium sends unfragmented, unmasked frames); retries while the page
    is still navigating (the token login redirects)."""
    import base64
    import socket
    import struct
    import time
    import urllib.parse
    u = urllib.parse.urlparse(url)
    sock = socket.create_connection((u.hostname, u.port), timeout=timeout)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall((f"GET {u.path} HTTP/1.1\r\nHost: {u.netloc}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(4096)
        if not chunk:
            raise OSError("DevTools websocket: handshake refused")
        buf += chunk
    head, buf = buf.split(b"\r\n\r\n", 1)
    if b" 101 " not in head.split(b"\r\n")[0]:
        raise OSError("DevTools websocket: " + head.split(b"\r\n")[0].decode())

    def read(n):
        nonlocal buf
        while len(buf) < n:
            chunk = sock.recv(1 << 16)
            if not chunk:
                raise OSError("DevTools websocket closed")
            buf += chunk
        out, buf = buf[:n], buf[n:]
        return out

    def recv():
        data = b""
        while True:
            b0, b1 = read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", read(8))[0]
            payload = read(n)
            if b0 & 0x0F in (0x1, 0x0):
                data += payload
                if b0 & 0x80:
                    return data.decode()

    def send(text):
        b = text.encode()
        mask = os.urandom(4)
        n = len(b)
        hdr = bytes([0x81]) + (bytes([0x80 | n]) if n < 126 else
                                (bytes([0x80 | 126]) + struct.pack(">H", n) if n < 65536 else bytes([0x80 | 127]) + struct.pack(">Q", n)))
        sock.sendall(hdr + mask + bytes(c ^ mask[k % 4] for k, c in enumerate(b)))

    try:
        time.sleep(2)
        for attempt in range(10):
            send(json.dumps({"id": attempt + 1, "method": "Runtime.evaluate",
                             "params": {"expression": expr, "awaitPromise": True, "returnByValue": True}}))
            while True:
                m = json.loads(recv())
                if m.get("id") == attempt + 1:
                    break
            v = m.get("result", {}).get("result", {}).get("value")
            if v is None and "context" in m.get("error", {}).get("message", "").lower():
                time.sleep(2)
                continue
            return v if v is not None else json.dumps({"errors": ["DevTools: " + json.dumps(m)[:400]]})
        return json.dumps({"errors": ["DevTools: the page kept navigating"]})
    finally:
        sock.close()


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def explore_notebook(src, dst):
    """Write dst: src's setup and declaration cells (no %%) and its explore
    cells and its sweep cells (sweep.JobProgress), without outputs. Returns
    the number of explore and sweep cells."""
    with open(src, encoding="utf-8") as f:
        nb = json.load(f)
    keep, n = [], 0
    for c in nb["cells"]:
        if c["cell_type"] != "code":
            continue
        text = "".join(c["source"])
        if "plotting.Explore(" in text or "sweep.JobProgress(" in text:
            n += 1
        elif "%%" in text:
            continue
        c["outputs"], c["execution_count"] = [], None
        keep.append(c)
    nb["cells"] = keep
    with open(dst, "w", encoding="utf-8") as f:
        json.dump(nb, f)
    return n


def check_sliders(nb, out):
    """Run the explore cells of notebook nb (the source under notebooks/) live.
    Returns (ok, lines) or None when nb has no explore cell."""
    import secrets
    import time
    import urllib.request
    repo = os.path.dirname(HERE)
    src = os.path.join(repo, "notebooks", os.path.basename(nb))
    if not os.path.exists(src):
        return None
    live = tempfile.mkdtemp(prefix=".live-check-", dir=os.path.join(repo, "notebooks"))
    name = os.path.basename(nb)
    procs, prof = [], tempfile.mkdtemp(prefix="ngnmm-chromium-")
    try:
        n = explore_notebook(src, os.path.join(live, name))
        if n == 0:
            return None
        subprocess.run([os.path.join(HERE, "echarts-assets.sh"), os.path.join(live, "assets")], check=True,
                       capture_output=True)
        port, token = free_port(), secrets.token_hex(16)
        env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1", NGNMM_QUICK="1", NGNMM_ECHARTS_ASSETS="assets/",
                   NGNMM_EXPLORE_IDLE="300", JUPYTER_TOKEN=token, NGNMM_CACHE=os.path.join(prof, "cache"))
        log = open(os.path.join(out, name + ".live-server.log"), "w")
        procs.append(subprocess.Popen(["jupyter", "notebook", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
                                       "--port-retries=0", "--allow-root", f"--notebook-dir={live}"], env=env, stdout=log, stderr=log))
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except Exception:
                time.sleep(0.2)
        else:
            return False, ["sliders: the live Notebook server did not start (see " + log.name + ")"]
        procs.append(subprocess.Popen(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                       "--disable-background-networking", "--disable-component-update",
                                       "--remote-debugging-port=0", "--user-data-dir=" + prof,
                                       "--window-size=%d,1000" % WIDTH, f"{base}/notebooks/{name}?token={token}"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        portfile = os.path.join(prof, "DevToolsActivePort")
        for _ in range(300):
            if os.path.exists(portfile) and open(portfile).read().strip():
                break
            time.sleep(0.2)
        devport = open(portfile).read().split()[0]
        ws = None
        for _ in range(150):
            targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{devport}/json/list", timeout=5))
            ws = next((t["webSocketDebuggerUrl"] for t in targets if t.get("type") == "page" and "/notebooks/" in t.get("url", "")), None)
            if ws:
                break
            time.sleep(0.2)
        if not ws:
            return False, ["sliders: no notebook page in chromium"]
        t0 = time.time()
        try:
            rep = json.loads(cdp_evaluate(ws, PAGE_DRIVER, 1500))
        except OSError as e:
            rep = {"errors": [str(e)]}
    finally:
        for p in reversed(procs):
            p.terminate()
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(prof, ignore_errors=True)
        shutil.rmtree(live, ignore_errors=True)
    ok, lines = True, []
    for e in rep.get("errors", []):
        ok = False
        lines.append("sliders: " + e)
    if len(rep.get("explore", [])) + len(rep.get("progress", [])) != n:
        ok = False
        lines.append(f"sliders: {len(rep.get('explore', [])) + len(rep.get('progress', []))} of {n} explore and sweep cells ran, FAILED")
    for k, x in enumerate(rep.get("progress", [])):
        vals = [s["v"] for s in x["values"]]
        changes = len(vals) - 1
        mono = all(b >= a for a, b in zip(vals, vals[1:]))
        why = ([x["error"]] if x.get("error") else []) + \
            ([] if changes >= 2 else [f"the bar changed {max(changes, 0)} times while the cell ran, want ≥ 2"]) + \
            ([] if mono else ["the bar went back"])
        ok = ok and not why
        shown = ", ".join(f"{s['v']:.3f} at {s['t']:.1f} s" for s in x["values"][:12]) + (" …" if len(vals) > 12 else "")
        lines.append(f"progress {k}: sweep cell ran live in {x.get('seconds', 0):.0f} s (cold cache), its bar changed {max(changes, 0)} times "
                     f"({shown}), " + ("ok" if not why else "FAILED: " + "; ".join(why)))
    for k, x in enumerate(rep.get("explore", [])):
        for mv in x["moves"]:
            why = []
            if "error" in mv:
                why.append(mv["error"])
            else:
                if not mv["optionChanged"]:
                    why.append("chart option unchanged")
                if mv["pixels"] < MIN_PIXELS:
                    why.append(f"only {mv['pixels']} series-coloured pixels")
            ok = ok and not why
            desc = f"({mv.get('from')}) → ({mv.get('to')})"
            if not why:
                desc += f" redrawn in {mv['seconds']:.1f} s, {mv['charts']} chart(s), {mv['pixels']} series pixels, caption " + \
                        ("changed" if mv["captionChanged"] else "unchanged")
            lines.append(f"explore {k}: slider move {desc}, " + ("ok" if not why else "FAILED: " + "; ".join(why)))
        if len(x["moves"]) != x.get("sliders", -1) or x["sliders"] == 0:
            ok = False
            lines.append(f"explore {k}: {x.get('sliders')} sliders, {len(x['moves'])} moved, FAILED")
        fin = x.get("final") or {}
        good = fin.get("img") and fin.get("drawn") and x.get("slidersLeft") == 0 and x.get("charts") == 1 and \
            not x.get("noButton") and not x.get("finalError")
        ok = ok and bool(good)
        lines.append(f"explore {k}: Done → final chart at ({fin.get('values')}) with static image in its output: {bool(fin.get('img'))}, "
                     f"sliders left {x.get('slidersLeft')}, " + ("ok" if good else "FAILED") +
                     (f" ({x['finalError']})" if x.get("finalError") else ""))
    lines.append(f"sliders: checked live in {time.time() - t0:.0f} s")
    return ok, lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="site directory (HTML, assets, screenshots)")
    ap.add_argument("--no-sliders", action="store_true", help="skip the live slider check of explore cells")
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
            live = None if a.no_sliders else check_sliders(nb, a.out)
            if live:
                ok = ok and live[0]
                lines += live[1]
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
