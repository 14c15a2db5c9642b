"""Command line: ``python -m pipeline extract|build|evaluate``.

``extract`` prints one JSON object per input file, one per line; its keys are a
public contract documented in the README.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from .commands import configure_logging
from .errors import BriefpressError
from .settings import DEFAULT_CONFIG, load_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    parser.add_argument("--settings", type=Path, default=DEFAULT_CONFIG, help="settings file")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="print the JSON of each article")
    extract.add_argument("paths", nargs="+", type=Path, help="article files or folders")

    build = commands.add_parser("build", help="build briefs, site and PDFs")
    build.add_argument("--articles", type=Path, help="folder of raw articles")
    build.add_argument("--output", type=Path, help="output folder")
    build.add_argument("--strict", action="store_true", help="fail when any article had a problem")

    evaluate = commands.add_parser("evaluate", help="score extraction against expected.json")
    evaluate.add_argument("--corpus", type=Path, required=True, help="folder with expected.json")

    args = parser.parse_args(argv)
    configure_logging(args.verbose)
    try:
        settings = load_settings(args.settings)
        if args.command == "extract":
            return run_extract(args.paths, settings)
        if args.command == "build":
            from .build import build as run_build

            settings = settings.with_paths(args.articles, args.output)
            run_build(settings, strict=args.strict)
            return 0
        from .evaluate import evaluate_corpus, format_table

        print(format_table(evaluate_corpus(args.corpus, settings)))
        return 0
    except BriefpressError as error:
        logging.getLogger("pipeline").error("%s", error)
        return 1


def run_extract(paths: list[Path], settings) -> int:
    from .extract import collect_inputs, extract_records

    missing = [p for p in paths if not p.exists()]
    for path in missing:
        print(json.dumps(_missing(path), ensure_ascii=False))
    inputs = collect_inputs([p for p in paths if p.exists()])
    for record in extract_records(inputs, settings):
        print(json.dumps(record.to_dict(), ensure_ascii=False))
    return 0


def _missing(path: Path) -> dict:
    from .model import Problem

    return Problem(path.name, "error", f"no such file: {path}").to_dict()


if __name__ == "__main__":
    sys.exit(main())
