"""Helpers for bench/lighthouse.sh: which pages to measure, and the table of median scores.

    lighthouse_table.py pages BASE_URL          the main public pages, one path a line
    lighthouse_table.py report REPORTS_DIR ...  medians of the JSON reports as Markdown (stdout), and into
                                                docs/benchmarks.md with --write FILE

Reports are named `<page number>-<run>.json` (page number = line of `pages`, from 1). Standard library only,
so it runs with any Python 3.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

FIXED_PAGES = ["/", "/aspirasi/", "/aspirasi/baru", "/harga/", None, "/berita/", None, "/loker/", None, "/kontak/"]
# The pages with an id or slug in their path: the first link of that shape on the listing page before them.
DISCOVER = {4: ("/harga/", r'href="(/harga/(?!pasar/)[a-z0-9-]+)"'),
            6: ("/berita/", r'href="(/berita/(?!arsip/|pengumuman/|info/|gambar/)[a-z0-9-]+)"'),
            8: ("/loker/", r'href="(/loker/\d+)"')}
CATEGORIES = [("performance", "Performance", 98), ("accessibility", "Accessibility", 100),
              ("best-practices", "Best Practices", 100), ("seo", "SEO", 100)]
BEGIN, END = "<!-- lighthouse:begin (written by bench/lighthouse.sh) -->", "<!-- lighthouse:end -->"


def main_pages(base: str) -> list[str]:
    """The ten main public pages: the fixed paths plus one commodity, one article and one vacancy."""
    pages = list(FIXED_PAGES)
    for index, (listing, pattern) in DISCOVER.items():
        html = urllib.request.urlopen(base + listing, timeout=30).read().decode()
        match = re.search(pattern, html)
        if not match:
            sys.exit(f"no link like {pattern} on {listing}: is the demo data seeded?")
        pages[index] = match.group(1)
    return pages


def load_runs(folder: Path, pages: list[str]) -> dict[str, list[dict]]:
    """Each page's Lighthouse reports, in run order."""
    runs = {}
    for number, path in enumerate(pages, start=1):
        files = sorted(folder.glob(f"{number}-*.json"), key=lambda p: int(p.stem.split("-")[1]))
        runs[path] = [json.loads(f.read_text()) for f in files]
    return runs


def median_run(reports: list[dict], category: str) -> tuple[int, dict]:
    """The median score of a category (0-100) and the report that scored it (for its failing audits)."""
    scored = sorted(reports, key=lambda r: r["categories"][category]["score"] or 0)
    middle = scored[(len(scored) - 1) // 2]
    score = statistics.median(round((r["categories"][category]["score"] or 0) * 100) for r in reports)
    return round(score), middle


def failing_audits(report: dict, category: str) -> list[str]:
    """The ids of the weighted audits of a category that did not score full marks, with their value."""
    failing = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
            value = audit.get("displayValue") or first_item(audit)
            failing.append(f"`{ref['id']}`" + (f" ({value}, score {audit['score']:.2f})" if value else ""))
    return failing


def first_item(audit: dict) -> str:
    """What the first failing item of an audit is about: a console message, or the element's selector."""
    items = (audit.get("details") or {}).get("items") or [{}]
    text = items[0].get("description") or (items[0].get("node") or {}).get("selector") or ""
    return (text[:100] + "…" if len(text) > 100 else text).replace("|", "/").replace("`", "'")


def machine(reports: list[dict]) -> str:
    """Cores, memory, Chromium and Lighthouse versions, and Lighthouse's own CPU benchmark index."""
    memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                     if line.startswith("MemTotal:"))
    chromium = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    version = subprocess.run([chromium, "--version"], capture_output=True, text=True).stdout.strip().splitlines()
    index = sorted(r["environment"]["benchmarkIndex"] for r in reports)
    return (f"{os.cpu_count()} CPUs, {memory_kb / 1024 / 1024:.0f} GiB memory, {platform.system()} "
            f"{platform.release()}; {version[-1] if version else chromium} (headless=new); Lighthouse "
            f"{reports[0]['lighthouseVersion']} (BenchmarkIndex, its measure of CPU speed: median "
            f"{statistics.median(index):.0f}, range {index[0]:.0f}–{index[-1]:.0f})")


def busy_warning(reports: list[dict]) -> list[str]:
    """A note when the CPU was much slower in some runs than in others (other work sharing the machine)."""
    index = sorted(r["environment"]["benchmarkIndex"] for r in reports)
    if index[0] >= index[-1] / 2:
        return []
    return ["", f"The machine was busy during some runs (BenchmarkIndex as low as {index[0]:.0f} against "
                f"{index[-1]:.0f}): Lighthouse slows the main-thread work it measured by 4×, so a busy CPU "
                "lowers Performance (Total Blocking Time). Rerun on a quiet machine before reading much "
                "into a Performance score below target."]


def markdown(runs: dict[str, list[dict]], command: str, repeated: int = 0) -> str:
    """The results as a Markdown block: context, table, and what keeps a page below target."""
    every = [r for reports in runs.values() for r in reports]
    settings = every[0]["configSettings"]
    throttling = settings["throttling"]
    last = max(datetime.fromisoformat(r["fetchTime"].replace("Z", "+00:00")) for r in every)
    now = last.astimezone(timezone.utc).strftime("%d %b %Y %H:%M UTC")
    lines = [
        f"Measured {now} on {machine(every)}.",
        "",
        f"Command: `{command}` — {len(runs)} pages × {len(next(iter(runs.values())))} runs, mobile form factor "
        f"({settings['screenEmulation']['width']}×{settings['screenEmulation']['height']}), "
        f"{settings['throttlingMethod']} throttling (RTT {throttling['rttMs']:.0f} ms, "
        f"{throttling['throughputKbps'] / 1024:.1f} Mbps, CPU ×{throttling['cpuSlowdownMultiplier']:.0f}), "
        "demo data, gunicorn with compression, Indonesian pages. Median score of the runs per category; "
        f"targets: {', '.join(f'{title} ≥ {target}' for _, title, target in CATEGORIES)}."
        + (f" {repeated} run(s) were repeated because the CPU was busy when they started." if repeated else ""),
        "",
        "| page | " + " | ".join(title for _, title, _ in CATEGORIES) + " |",
        "|---|" + "---:|" * len(CATEGORIES),
    ]
    below = []
    for path, reports in runs.items():
        cells = []
        for category, title, target in CATEGORIES:
            score, report = median_run(reports, category)
            cells.append(f"**{score}**" if score < target else str(score))
            if score < target:
                below.append(f"- `{path}` {title} {score}: " + (", ".join(failing_audits(report, category))
                                                                 or "no single audit failed"))
        lines.append(f"| `{path}` | " + " | ".join(cells) + " |")
    lines += ["", "Below target (audits of the median run):" if below else "Every page meets every target.", *below,
              *(busy_warning(every) if any(" Performance " in line for line in below) else [])]
    return "\n".join(lines) + "\n"


def write_section(doc: Path, block: str) -> None:
    """Put the block between the markers of the Lighthouse section of docs/benchmarks.md, keeping the rest."""
    text = doc.read_text() if doc.exists() else "# Benchmarks\n"
    fenced = f"{BEGIN}\n{block}{END}"
    if BEGIN in text:
        text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: fenced, text, flags=re.S)
    elif "## Lighthouse" in text:
        text = text.replace("## Lighthouse\n", f"## Lighthouse\n\n{fenced}\n", 1)
    else:
        text = text.rstrip("\n") + f"\n\n## Lighthouse\n\n{fenced}\n"
    doc.write_text(text)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    pages = commands.add_parser("pages")
    pages.add_argument("base")
    report = commands.add_parser("report")
    report.add_argument("reports", type=Path)
    report.add_argument("--pages", required=True, help="file with the measured paths, one a line")
    report.add_argument("--command-line", default="bench/lighthouse.sh")
    report.add_argument("--repeated", type=int, default=0, help="runs repeated because the CPU was busy")
    report.add_argument("--write", type=Path, help="put the results in this Markdown file's Lighthouse section")
    args = parser.parse_args(argv)
    if args.command == "pages":
        print("\n".join(main_pages(args.base.rstrip("/"))))
        return
    paths = Path(args.pages).read_text().split()
    block = markdown(load_runs(args.reports, paths), args.command_line, args.repeated)
    print(block, end="")
    if args.write:
        write_section(args.write, block)


if __name__ == "__main__":
    main()
