#!/usr/bin/python3
"""Contact sheet of the saved figures, for a reviewer to scan at a glance.

Usage: scripts/contact-sheet.py FIGURES_DIR OUT.png [COLUMNS]
Every *.png in FIGURES_DIR (the 300-dpi figures the notebooks save) is scaled
to a cell of 600 px width, labelled with its file name, in a grid of COLUMNS
(default 4). Prints "contact sheet: N figures -> OUT.png"; exit 1 if there
are none. Needs /usr/bin/python3 with python3-pil. Open the figures
themselves for full-size review.
"""
import glob
import os
import sys

from PIL import Image, ImageDraw

CELL_W, LABEL_H, PAD = 600, 22, 12


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    src, out = sys.argv[1], sys.argv[2]
    cols = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    files = sorted(glob.glob(os.path.join(src, "*.png")))
    if not files:
        print(f"contact sheet: no PNG figures in {src}")
        return 1
    thumbs = []
    for f in files:
        im = Image.open(f).convert("RGB")
        h = round(im.height * CELL_W / im.width)
        thumbs.append((os.path.basename(f), im.resize((CELL_W, h), Image.LANCZOS)))
    rows = [thumbs[i:i + cols] for i in range(0, len(thumbs), cols)]
    row_h = [max(t.height for _, t in r) + LABEL_H + PAD for r in rows]
    sheet = Image.new("RGB", (cols * (CELL_W + PAD) + PAD, sum(row_h) + PAD), "white")
    draw = ImageDraw.Draw(sheet)
    y = PAD
    for r, h in zip(rows, row_h):
        x = PAD
        for name, t in r:
            draw.text((x, y), name, fill=(0, 0, 0))
            sheet.paste(t, (x, y + LABEL_H))
            draw.rectangle([x - 1, y + LABEL_H - 1, x + t.width, y + LABEL_H + t.height], outline=(200, 200, 200))
            x += CELL_W + PAD
        y += h
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    sheet.save(out)
    print(f"contact sheet: {len(files)} figures -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
