"""Rebuilds in a watching process, as ``invoke livereload`` and ``invoke regenerate`` run them.

Runs ``pipeline.serve.watch_and_rebuild`` over an archive, its file watcher replaced by a
script: after a first build (not counted), ``runs`` times, it waits ``idle`` seconds (the
editor's pause, in which the next build's PDF process and Pagefind get ready), changes
one article as ``bench.run`` does, and lets the watcher rebuild. Prints the wall time of
each counted build, and whether anything was started ahead of it, as JSON. Run with
the code to measure first on ``sys.path``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.append(str(Path(__file__).resolve().parents[1]))  # bench.generate

from bench.generate import change_article


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("articles", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--idle", type=float, default=5.0)
    parser.add_argument("--first", type=int, default=0, help="index of the first article to change")
    args = parser.parse_args()

    import pipeline.serve
    from pipeline.settings import load_settings

    texts = sorted(p for p in args.articles.iterdir() if "-en-" in p.name)
    walls: list[float] = []
    ahead: list[bool] = []

    def load() -> Any:
        return load_settings(Path("pelicanconf.py")).with_paths(args.articles, args.output)

    def timed(settings: Any, **options: Any) -> Any:
        ahead.append(options["ahead"].started)
        start = time.perf_counter()
        report = real_build(settings, **options)
        walls.append(time.perf_counter() - start)
        return report

    def scripted(*paths: Path, **options: Any) -> Iterator[set[tuple[int, str]]]:
        for number in range(args.runs):
            time.sleep(args.idle)
            article = texts[((args.first + number) * 7) % len(texts)]
            change_article(article)
            yield {(2, str(article))}

    real_build = pipeline.serve.build
    pipeline.serve.build = timed
    pipeline.serve.watch = scripted
    pipeline.serve.watch_and_rebuild(load)
    print(json.dumps({"walls": walls[1:], "ahead": all(ahead[1:])}))


if __name__ == "__main__":
    main()
