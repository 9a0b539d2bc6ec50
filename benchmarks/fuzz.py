"""Fuzz campaign: generated and mutated inputs through ``crosscheck check`` with the fake backends.

Each batch is a folder of fuzz inputs (binary, truncated UTF-8, mixed encodings, huge lines,
deep JSON, wrong field types, HTML, control characters, mutated articles, empty and odd
files) plus planted good documents (a text article, an HTML page, JSON Lines records among
bad ones), checked in this process by the real CLI (``crosscheck check FOLDER -f json -o
…``, ``Config(embedder="fake", nli_model="fake")``). It counts:

- crashes: a run that exits other than 0 or 2, or raises (target 0); a crashing batch is
  rerun one input at a time to name the input, which is saved under ``--crash-dir``;
- good documents lost: planted documents missing from the report (target 0);
- unaccounted inputs: files neither read nor named in the report's errors, skipped or warnings;
- max memory: the process's peak resident set (the spaCy model included).

    .venv/bin/python benchmarks/fuzz.py                       # 10,000 inputs, seed 20
    .venv/bin/python benchmarks/fuzz.py --inputs 500 --out /tmp/fuzz.json
"""

from __future__ import annotations

import argparse
import codecs
import json
import random
import resource
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from typer.testing import CliRunner  # noqa: E402

from crosscheck.atomic import write_text_atomic  # noqa: E402
from crosscheck.bench.machine import machine_info, package_versions  # noqa: E402
from crosscheck.cli import app  # noqa: E402
from crosscheck.types import Report  # noqa: E402

FAKE = ["--embedder", "fake", "--nli-model", "fake", "--quiet"]
ARTICLE_VARIANTS = 6  # fixed articles the fuzz inputs are made from (planted good documents are all distinct)
OUTLETS = ["Harbour Times", "Daily Wire", "Coast Herald", "Port Gazette", "Evening Post"]
PLACES = ["Anchorage", "Beijing", "Lisbon", "Oslo", "Nairobi", "Lima", "Hanoi"]
PEOPLE = ["Maria Lopez", "John Okafor", "Li Wei", "Anna Berg", "Tom Reyes"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


# --------------------------------------------------------------------------- good documents


def good_article(rng: random.Random, marker: str, *, variants: int | None = None) -> tuple[str, str]:
    """A plain news article of five sentences with figures, names and days; ``marker`` is in its headline.

    ``variants``: draw the body from that many fixed articles (``rng`` still picks which), so
    that the fuzz inputs made from articles share most sentences and the parser, the cost of
    a run, reads each distinct sentence once; the mutations are what differ.
    """
    if variants is not None:
        rng = random.Random(rng.randrange(variants))
    place, person, day = rng.choice(PLACES), rng.choice(PEOPLE), rng.choice(WEEKDAYS)
    n = rng.randint(2, 900)
    title = f"Storm {marker} Closes {place} Harbour"
    body = [
        f"A storm closed the harbour in {place} for {rng.randint(2, 9)} days, port officials said on {day}, stranding {n} ships.",
        f"{person}, the port director, said repairs would cost about {rng.randint(2, 90)} million euros.",
        f"Fishermen said it was the worst storm in {rng.randint(3, 40)} years and that {rng.randint(2, 50)} boats had been lost.",
        f"The mayor of {place} said the city would pay for the repairs and reopen the harbour on {rng.choice(WEEKDAYS)}.",
        f"Insurers told reporters that claims had reached {rng.randint(2, 900)} million dollars by the end of the week.",
    ]
    return title, "\n".join(body)


def good_txt(rng: random.Random, marker: str, *, variants: int | None = None) -> bytes:
    title, body = good_article(rng, marker, variants=variants)
    return f"{title}\n\n{body}\n".encode()


def good_html(rng: random.Random, marker: str) -> bytes:
    title, body = good_article(rng, marker)
    paragraphs = "\n".join(f"<p>{line}</p>" for line in body.split("\n"))
    return (
        f"<!doctype html>\n<html><head><title>{title} | {rng.choice(OUTLETS)}</title>"
        f"<script>var ad = '<p>buy 3 now</p>';</script></head>\n<body><nav><a href='/'>Home</a></nav>\n"
        f"<article><h1>{title}</h1>\n{paragraphs}\n</article><footer>Copyright 2021</footer></body></html>\n"
    ).encode()


def good_record(rng: random.Random, marker: str) -> dict[str, object]:
    title, body = good_article(rng, marker)
    return {"text": body, "title": title, "source": rng.choice(OUTLETS), "date": "2021-03-18"}


# --------------------------------------------------------------------------- fuzz inputs


def random_bytes(rng: random.Random) -> tuple[str, bytes]:
    return rng.choice(["a.txt", "b.md", "c.jsonl", "d.html", "e.bin", "noext"]), rng.randbytes(rng.randint(1, 5000))


def truncated_utf8(rng: random.Random) -> tuple[str, bytes]:
    title, body = good_article(rng, "tr", variants=ARTICLE_VARIANTS)
    data = (title + "\n\n" + body.replace("e", "é").replace("a", "ä中") + " 😀 €").encode()
    cut = rng.randint(1, len(data) - 1)
    while cut < len(data) and (data[cut] & 0xC0) != 0x80:  # cut inside a multi-byte character
        cut += 1
    return rng.choice(["t.txt", "t.jsonl", "t.html"]), data[:cut]


def mixed_encodings(rng: random.Random) -> tuple[str, bytes]:
    title, body = good_article(rng, "mx", variants=ARTICLE_VARIANTS)
    lines = [title, ""] + [line.replace("o", "ö").replace("e", "é") + " 5 €" for line in body.split("\n")]
    encodings = ["utf-8", "cp1252", "latin-1", "utf-16-le", "utf-8-sig", "shift_jis", "koi8-r"]
    out = b"\n".join(line.encode(rng.choice(encodings), errors="replace") for line in lines)
    if rng.random() < 0.2:
        out = codecs.BOM_UTF16_LE + out
    return rng.choice(["m.txt", "m.md", "m.html"]), out


def huge_line(rng: random.Random, size: int | None = None, kind: str | None = None) -> tuple[str, bytes]:
    # The first batch holds two 1 MB lines (see write_batch); the rest are smaller, since
    # each 2,000-character piece with a figure is a claim the parser reads (about 19 a second).
    size = size or rng.randint(5_000, 40_000)
    kind = kind or rng.choice(["words", "figures", "one word", "punctuated", "spaces"])
    if kind == "words":
        line = " ".join(rng.choice(["the", "ministry", "said", "talks", "harbour", "ships"]) for _ in range(size // 6))
    elif kind == "figures":
        line = " ".join(rng.choice(["officials", "said", "24", "ships", "Beijing", "$3", "billion"]) for _ in range(size // 7))
    elif kind == "one word":
        line = "x" * size
    elif kind == "punctuated":
        line = " ".join(f"Officials said {i} ships sank." for i in range(size // 28))
    else:
        line = " " * size + "Officials said 3 ships sank on Monday."
    line = line[:size]
    if rng.random() < 0.3:
        return "h.jsonl", json.dumps({"text": line, "source": "huge"}).encode()
    return "h.txt", line.encode()


def deep_json(rng: random.Random) -> tuple[str, bytes]:
    depth = rng.choice([10, 100, 1_000, 10_000, 100_000])
    opener, closer = rng.choice([("[", "]"), ('{"a":', "}"), ('{"text":', "}")])
    value = opener * depth + "1" + closer * depth
    lines = [value, json.dumps({"text": "Officials said 3 ships sank.", "title": json.loads("[" * 50 + "]" * 50)})]
    if rng.random() < 0.5:
        lines.append(json.dumps({"text": "Officials said 3 ships sank on Monday.", "source": "deep"}))
    return "deep.jsonl", "\n".join(lines).encode()


def _random_json(rng: random.Random, depth: int = 0) -> object:
    choice = rng.randint(0, 8 if depth < 3 else 5)
    if choice == 6:
        return [_random_json(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    if choice == 7:
        keys = ["text", "title", "date", "url", "source", "k"]
        return {rng.choice(keys): _random_json(rng, depth + 1) for _ in range(rng.randint(0, 4))}
    if choice == 8:
        return float("nan")
    return [None, True, rng.randint(-10**30, 10**30), rng.random() * 1e300, "", "x" * rng.randint(1, 30)][choice]


def wrong_types(rng: random.Random) -> tuple[str, bytes]:
    lines = []
    for _ in range(rng.randint(1, 12)):
        record: dict[str, object] = {"text": rng.choice(["Officials said 24 people were sanctioned.", _random_json(rng)])}
        for name in ("title", "source", "date", "url"):
            if rng.random() < 0.6:
                record[name] = rng.choice([_random_json(rng), "2021-03-17", "17/03/2021", "yesterday", "2021-13-45"])
        if rng.random() < 0.1:
            record = _random_json(rng)  # type: ignore[assignment]
        lines.append(json.dumps(record, allow_nan=True))
    if rng.random() < 0.2:
        lines.insert(rng.randint(0, len(lines)), "not json at all {")
    if rng.random() < 0.1:
        lines.insert(0, '{"text": ' + "9" * 5000 + "}")
    return rng.choice(["w.jsonl", "w.ndjson"]), "\n".join(lines).encode()


def html_variants(rng: random.Random) -> tuple[str, bytes]:
    title, body = good_article(rng, "hv", variants=ARTICLE_VARIANTS)
    paragraphs = [f"<p>{line}</p>" for line in body.split("\n")]
    kind = rng.choice(["broken", "as txt", "in jsonl", "scripts only", "entities", "deep", "no article", "comments", "cdata"])
    if kind == "broken":
        page = "<html><body><p>" + "<div><span>".join(line[: rng.randint(0, len(line))] for line in body.split("\n")) + "<p <b"
    elif kind == "as txt":
        return "page.txt", ("<!doctype html><html><body>" + "".join(paragraphs) + "</body></html>").encode()
    elif kind == "in jsonl":
        return "p.jsonl", json.dumps({"text": "<html><body>" + "".join(paragraphs) + "</body></html>", "source": "html"}).encode()
    elif kind == "scripts only":
        page = "<html><head><script>" + "var a = '<p>x</p>';" * 100 + "</script><style>p{}</style></head><body></body></html>"
    elif kind == "entities":
        page = "<html><body><p>" + "&amp;&#x26;&#9999999;&bogus;&lt;" * rng.randint(1, 2000) + body + "</p></body></html>"
    elif kind == "deep":
        depth = rng.choice([100, 1_000, 20_000])
        page = "<html><body>" + "<div>" * depth + body + "</div>" * depth + "</body></html>"
    elif kind == "no article":
        page = "<html><body><nav>" + "".join(f"<a href='/{i}'>Link {i}</a>" for i in range(200)) + "</nav></body></html>"
    elif kind == "comments":
        page = "<html><!-- " + body + " --><body><!-- unclosed " + "".join(paragraphs)
    else:
        page = "<html><body><![CDATA[" + body + "]]>" + "".join(paragraphs) + "</body></html>"
    return rng.choice(["x.html", "x.htm", "x.HTML"]), page.encode("utf-8", errors="replace")


def control_characters(rng: random.Random) -> tuple[str, bytes]:
    title, body = good_article(rng, "cc", variants=ARTICLE_VARIANTS)
    text = list(f"{title}\n\n{body}\n")
    controls = [chr(c) for c in [*range(0, 9), 11, 12, 13, *range(14, 32), 127, 0x85, 0x2028, 0x2029, 0xFEFF, 0x200B]]
    for _ in range(rng.randint(1, 60)):
        text.insert(rng.randint(0, len(text)), rng.choice(controls))
    data = "".join(text).encode("utf-8")
    if rng.random() < 0.5:
        data = data.replace(b"\x00", b" ")  # without NUL, so it is read rather than refused as binary
    return rng.choice(["c.txt", "c.md"]), data


def mutated_article(rng: random.Random) -> tuple[str, bytes]:
    title, body = good_article(rng, "mu", variants=ARTICLE_VARIANTS)
    data = bytearray(f"{title}\n\n{body}\n".encode())
    for _ in range(rng.randint(1, 20)):
        op = rng.randint(0, 6)
        at = rng.randint(0, max(0, len(data) - 1))
        if op == 0 and data:
            data[at] ^= 1 << rng.randint(0, 7)
        elif op == 1:
            del data[at : at + rng.randint(1, 40)]
        elif op == 2:
            data[at:at] = data[at : at + rng.randint(1, 200)] * rng.randint(1, 30)
        elif op == 3:
            data[at:at] = rng.choice([b"\nView Source\n", b"\nCheck Also\n", b"\nCopyright 2021 X\n", b"\r\n", b"\n\n\n", b'"', "“".encode()])
        elif op == 4:
            data[at:at] = rng.randbytes(rng.randint(1, 20))
        elif op == 5:
            data = data[: rng.randint(0, len(data))]
        else:
            lines = bytes(data).split(b"\n")
            line = rng.choice(lines)
            data = bytearray(b"\n".join(lines + [line] * rng.randint(1, 100)))
    return rng.choice(["mu.txt", "mu.md", "mu.jsonl", "mu.html"]), bytes(data)


def small_files(rng: random.Random) -> tuple[str, bytes]:
    return rng.choice(
        [
            ("empty.txt", b""),
            ("blank.txt", b" \n\t\n   \n"),
            ("short.txt", b"Officials said 3 ships sank."),
            ("bom.txt", codecs.BOM_UTF8),
            ("bom16.txt", codecs.BOM_UTF16_LE),
            ("blank.jsonl", b"\n\n\n"),
            ("blank.html", b"<html></html>"),
            ("only_markers.txt", b"View Source\nSource link\nCheck Also\n"),
            ("crlf.txt", good_txt(rng, "crlf", variants=ARTICLE_VARIANTS).replace(b"\n", b"\r\n")),
            ("cr.txt", good_txt(rng, "cr", variants=ARTICLE_VARIANTS).replace(b"\n", b"\r")),
        ]
    )


def random_text(rng: random.Random) -> tuple[str, bytes]:
    alphabet = "abc XYZ 123 .,;:!?\"'“”‘’()[]$€£%-–—\n\t é中😀\u200b\u0301"
    text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4000)))
    return rng.choice(["r.txt", "r.md"]), text.encode("utf-8", errors="surrogatepass")


def odd_names(rng: random.Random) -> tuple[str, bytes]:
    name = rng.choice(["with space.txt", "ünïcode.txt", "UPPER.TXT", "dots.in.name.md", ".hidden.txt", "no_ext", "x.Jsonl", "-dash.txt"])
    return name, good_txt(rng, "odd", variants=ARTICLE_VARIANTS)


GENERATORS: dict[str, Callable[[random.Random], tuple[str, bytes]]] = {
    "binary": random_bytes,
    "truncated_utf8": truncated_utf8,
    "mixed_encodings": mixed_encodings,
    "huge_line": huge_line,
    "deep_json": deep_json,
    "wrong_types": wrong_types,
    "html": html_variants,
    "control_chars": control_characters,
    "mutated_article": mutated_article,
    "small_or_empty": small_files,
    "random_text": random_text,
    "odd_names": odd_names,
}
# huge lines are few: each costs seconds of parsing
WEIGHTS = {"huge_line": 0.15, "deep_json": 0.5, "mutated_article": 2.0, "wrong_types": 1.5}
MEGABYTE_LINES = ("figures", "one word")  # kinds of the 1 MB lines in the first batch


# --------------------------------------------------------------------------- the campaign


class Planted:
    """The good documents put into one batch, to find again in its report."""

    def __init__(self) -> None:
        self.expected: list[tuple[str, int | None, str]] = []  # (file name, record line or None, marker)


def write_batch(folder: Path, rng: random.Random, count: int, batch: int, planted: Planted) -> list[tuple[str, str]]:
    """Write ``count`` fuzz inputs and the planted good documents into ``folder``; return (file name, category)."""
    names = list(GENERATORS)
    weights = [WEIGHTS.get(n, 1.0) for n in names]
    inputs = []
    for i in range(count):
        if batch == 0 and i < len(MEGABYTE_LINES):
            category = "huge_line"
            name, data = huge_line(rng, size=1_000_000, kind=MEGABYTE_LINES[i])
        else:
            category = rng.choices(names, weights)[0]
            name, data = GENERATORS[category](rng)
        name = f"{i:03d}_{name}"
        (folder / name).write_bytes(data)
        inputs.append((name, category))
    marker = f"B{batch}"
    (folder / "good_a.txt").write_bytes(good_txt(rng, f"{marker}T"))
    planted.expected.append(("good_a.txt", None, f"{marker}T"))
    (folder / "good_b.html").write_bytes(good_html(rng, f"{marker}H"))
    planted.expected.append(("good_b.html", None, f"{marker}H"))
    lines = [json.dumps(good_record(rng, f"{marker}J1")), '{"text": 42}', json.dumps(good_record(rng, f"{marker}J2")), "[", ""]
    (folder / "good_c.jsonl").write_text("\n".join(lines) + "\n")
    planted.expected += [("good_c.jsonl", 1, f"{marker}J1"), ("good_c.jsonl", 3, f"{marker}J2")]
    return inputs


def run_check(folder: Path, out: Path, runner: CliRunner) -> tuple[int, BaseException | None, str]:
    result = runner.invoke(app, ["check", str(folder), "-f", "json", "-o", str(out), "--force", *FAKE])
    exception = result.exception if result.exception is not None and not isinstance(result.exception, SystemExit) else None
    return result.exit_code, exception, result.output


def lost_documents(report: Report, folder: Path, planted: Planted) -> list[str]:
    lost = []
    for name, line, marker in planted.expected:
        found = [
            d for d in report.documents
            if d.path == str(folder / name) and (d.title or "").find(marker) >= 0 and (line is None or d.line_start == line)
        ]
        if not found:
            lost.append(f"{name}{f':{line}' if line else ''} ({marker})")
    return lost


def unaccounted_inputs(report: Report, folder: Path, inputs: list[tuple[str, str]]) -> list[str]:
    paths = {d.path for d in report.documents}
    notes = report.errors + report.skipped + report.warnings
    missing = []
    for name, category in inputs:
        path = str(folder / name)
        if path not in paths and not any(note.startswith(path) for note in notes):
            missing.append(f"{name} ({category})")
    return missing


def attribute_crash(folder: Path, inputs: list[tuple[str, str]], runner: CliRunner, crash_dir: Path) -> list[dict[str, object]]:
    """Rerun each input of a crashing batch alone; return one record per input that crashes alone."""
    crashes = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, category in inputs:
            single = Path(tmp) / "one"
            shutil.rmtree(single, ignore_errors=True)
            single.mkdir()
            shutil.copy(folder / name, single / name)
            code, exception, output = run_check(single, Path(tmp) / "r.json", runner)
            if exception is not None or code not in (0, 2):
                crash_dir.mkdir(parents=True, exist_ok=True)
                kept = crash_dir / f"{len(list(crash_dir.iterdir())):04d}_{name}"
                shutil.copy(folder / name, kept)
                crashes.append(
                    {
                        "input": name,
                        "category": category,
                        "exit_code": code,
                        "error": "".join(traceback.format_exception_only(type(exception), exception)).strip() if exception else output[-500:],
                        "saved_as": str(kept.relative_to(REPO)) if kept.is_relative_to(REPO) else str(kept),
                    }
                )
    return crashes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--inputs", type=int, default=10_000, help="fuzz inputs in all (planted good documents not counted)")
    ap.add_argument("--batch", type=int, default=50, help="inputs per crosscheck check run")
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "fuzz.json")
    ap.add_argument("--crash-dir", type=Path, default=REPO / "benchmarks" / "results" / "fuzz_crashes")
    args = ap.parse_args(argv)

    rng = random.Random(args.seed)
    runner = CliRunner()
    started = time.perf_counter()
    categories: Counter[str] = Counter()
    exit_codes: Counter[int] = Counter()
    crashes: list[dict[str, object]] = []
    lost: list[str] = []
    unaccounted: list[str] = []
    planted_total = bytes_total = largest = runs = 0
    report_counts: Counter[str] = Counter()
    done = 0
    batch = 0
    while done < args.inputs:
        count = min(args.batch, args.inputs - done)
        with tempfile.TemporaryDirectory(prefix="crosscheck-fuzz-") as tmp:
            folder = Path(tmp) / "in"
            folder.mkdir()
            planted = Planted()
            inputs = write_batch(folder, rng, count, batch, planted)
            sizes = [(folder / name).stat().st_size for name, _ in inputs]
            bytes_total += sum(sizes)
            largest = max(largest, *sizes)
            categories.update(category for _, category in inputs)
            planted_total += len(planted.expected)
            out = Path(tmp) / "report.json"
            code, exception, output = run_check(folder, out, runner)
            runs += 1
            exit_codes[code] += 1
            if exception is not None or code not in (0, 2):
                found = attribute_crash(folder, inputs, runner, args.crash_dir)
                crashes += found or [{"input": f"batch {batch} (no single input crashes alone)", "exit_code": code, "error": repr(exception) or output[-500:]}]
                lost += [f"batch {batch}: {name}" for name, _, _ in planted.expected]  # a crashed run reports nothing
            else:
                report = Report.model_validate_json(out.read_text(encoding="utf-8"))
                lost += [f"batch {batch}: {item}" for item in lost_documents(report, folder, planted)]
                unaccounted += [f"batch {batch}: {item}" for item in unaccounted_inputs(report, folder, inputs)]
                report_counts.update(
                    {"documents": len(report.documents), "claims": len(report.claims), "errors": len(report.errors),
                     "skipped": len(report.skipped), "warnings": len(report.warnings)}
                )
        done += count
        batch += 1
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{done:>6}/{args.inputs} inputs  {time.perf_counter() - started:7.1f} s  crashes {len(crashes)}  "
            f"lost {len(lost)}  unaccounted {len(unaccounted)}  max RSS {rss_mb:.0f} MB",
            file=sys.stderr,
            flush=True,
        )

    results = {
        "what": "generated and mutated inputs through `crosscheck check FOLDER -f json -o FILE` (in process, the real CLI), "
        "Config(embedder='fake', nli_model='fake'); planted good documents in every run",
        "command": " ".join(["python", "benchmarks/fuzz.py", *(argv if argv is not None else sys.argv[1:])]),
        "seed": args.seed,
        "inputs": args.inputs,
        "inputs_by_category": dict(sorted(categories.items())),
        "input_bytes_total": bytes_total,
        "largest_input_bytes": largest,
        "check_runs": runs,
        "exit_codes": {str(k): v for k, v in sorted(exit_codes.items())},
        "crashes": len(crashes),
        "crash_examples": crashes[:20],
        "good_documents_planted": planted_total,
        "good_documents_lost": len(lost),
        "lost_examples": lost[:20],
        "unaccounted_inputs": len(unaccounted),
        "unaccounted_examples": unaccounted[:20],
        "report_totals": dict(report_counts),
        "max_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "max_rss_note": "peak resident set of the fuzzing process, which loads the spaCy parser once and runs every check",
        "wall_seconds": round(time.perf_counter() - started, 1),
        "targets": {"crashes": 0, "good_documents_lost": 0},
        "met": not crashes and not lost,
        "machine": machine_info(),
        "versions": package_versions(("crosscheck", "trafilatura", "lxml", "spacy", "pydantic", "typer")),
    }
    write_text_atomic(args.out, json.dumps(results, indent=2, default=str) + "\n")
    print(json.dumps({k: results[k] for k in ("inputs", "crashes", "good_documents_lost", "unaccounted_inputs", "max_rss_bytes", "wall_seconds")}))
    return 0 if results["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
