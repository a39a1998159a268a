"""News reports: ``coopmap extract`` shows what they propose, ``coopmap ingest`` adds drafts."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from coopmap.cli.context import Context, pass_context
from coopmap.cli.output import plural
from coopmap.errors import CoopmapError
from coopmap.store.base import redact


class _ReportDate(click.ParamType):
    """A report's date: YYYY-MM-DD (YYYY-MM and YYYY also do)."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        from coopmap.dates import PartialDate
        from coopmap.errors import DateError

        try:
            return PartialDate.parse(value)
        except DateError as err:
            self.fail(err.reason, param, ctx)


_report_date = click.option(
    "--date",
    "report_date",
    type=_ReportDate(),
    help="The day the report was written: 'Monday', 'last year' and 'Dec. 16-18' are read "
    "against it. Default: a full date in the report's dateline, else none (they stay undated).",
)


_lang = click.option(
    "--lang",
    type=click.Choice(["en", "ru", "zh"], case_sensitive=False),
    help="The report's language (English, Russian, Chinese). Default: found from its script.",
)


def _read_report(source: str | Path) -> str:
    """A report's text from a file, or from standard input for '-'."""
    try:
        if str(source) == "-":
            return sys.stdin.read()
        return Path(source).read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise click.ClickException(f"{source} is not UTF-8 text: {err.reason}") from err
    except OSError as err:
        raise click.ClickException(f"cannot read {source}: {err.strerror}") from err


@click.command("extract")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@_report_date
@_lang
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='Print {"language": ..., "places": [...], "records": [...]}.',
)
def extract_(file: Path, report_date: Any, lang: str | None, as_json: bool) -> None:
    """Read a news report (FILE, or - for standard input) and show the places it names and
    the events and projects it suggests, each with the sentences it comes from.

    Nothing is stored: `coopmap ingest` adds the proposals as drafts.
    """
    from coopmap.reports import extract
    from coopmap.reports.language import LANGUAGES

    extraction = extract(_read_report(file), date=report_date, lang=lang)
    if as_json:
        click.echo(json.dumps(extraction.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(f"language: {LANGUAGES[extraction.language]}")
    click.echo(f"{plural(len(extraction.places), 'place')}:")
    for toponym in extraction.places:
        place = toponym.place
        where = f"{place.name}, {place.country or '-'} ({place.precision.value})" if place else "?"
        click.echo(f"  {toponym.name:<24} {where}")
    click.echo(f"{plural(len(extraction.records), 'proposed record')}:")
    for candidate in extraction.records:
        click.echo(_summary(candidate))


def _summary(candidate: Any) -> str:
    """A candidate in a few lines: kind, date and title; what it is; the first evidence."""
    kind = candidate.event_type or candidate.status or "project"
    facts = [str(kind.value if hasattr(kind, "value") else kind)]
    if candidate.sectors:
        facts.append("sectors " + ", ".join(s.value for s in candidate.sectors))
    facts += [f"at {t.place.name} ({t.place.country or '-'})" for t in candidate.places]
    facts += [f"{spec.key} {spec}" for spec in candidate.specs]
    facts += [f"{o.name} ({o.role.value})" for o in candidate.organisations]
    if candidate.participants:
        facts.append("with " + ", ".join(p.name for p in candidate.participants))
    if candidate.amount:
        facts.append(str(candidate.amount))
    when = str(candidate.start or "") + (f"/{candidate.end}" if candidate.end else "")
    named = [e for e in candidate.evidence if e.field in ("title", "event_type")]
    sentence = (named or list(candidate.evidence) or [None])[0]
    sentence = sentence.sentence if sentence else ""
    if len(sentence) > 100:
        sentence = sentence[:99] + "\u2026"
    return (
        f"  {candidate.kind.value:<8}{when:<22}{candidate.title}\n"
        f"  {'':<30}{'; '.join(facts)}\n"
        f"  {'':<30}\u201c{sentence}\u201d"
    )


@click.command()
@click.argument(
    "files",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path),
)
@_report_date
@_lang
@pass_context
def ingest(obj: Context, files: tuple[Path, ...], report_date: Any, lang: str | None) -> None:
    """Add the events and projects that news reports suggest to the store, as drafts to
    review (FILE may be - for standard input).

    Ids come from the report and the proposal, so ingesting a report again adds nothing: a
    draft is updated if the proposal changed, and left alone once accepted or deleted.
    """
    from contextlib import nullcontext

    from coopmap.services import ingest_records, propose_records

    records = []
    bar = (
        click.progressbar(files, label="Reading reports", file=sys.stderr)
        if len(files) > 1
        else nullcontext(files)
    )
    with bar as reports:
        for path in reports:
            try:
                records.extend(propose_records(_read_report(path), date=report_date, lang=lang))
            except CoopmapError as err:
                raise click.ClickException(f"{path}: {err}") from err
    with obj.open(create=True) as store:
        result = ingest_records(store, records)
    titles = {record.id: record.title for record in records}
    for label, ids in (
        ("added", result.added),
        ("updated", result.updated),
        ("unchanged", result.unchanged),
        ("accepted already, left as it is", result.reviewed),
        ("deleted before, not added again", result.rejected),
    ):
        for record_id in ids:
            click.echo(f"{label}: {record_id}  {titles[record_id]}")
    click.echo(
        f"Ingested {plural(len(files), 'report')} into {redact(obj.store_url)}: "
        f"{len(result.added)} added, {len(result.updated)} updated, "
        f"{len(result.unchanged)} unchanged (drafts to review)."
    )
