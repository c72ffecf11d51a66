"""The ``roleatlas`` command line: a thin face over the core library.

Each command parses its input, calls one core function and prints the result. Errors are
translated in exactly one place, :func:`main`.

Data (titles, companies, reasons, paths…) reaches the terminal only through :func:`_text`
(control characters and escape sequences stripped, never read as Rich markup), CSV cells only
through :func:`~roleatlas.report.escape.spreadsheet_safe`, and JSON with control characters
escaped (:func:`_print_json`).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from roleatlas.errors import InputError, RoleatlasError, StoreError
from roleatlas.report.escape import json_controls_escaped, spreadsheet_safe, terminal_safe
from roleatlas.report.summary import COUNT_KEYS, group_sources
from roleatlas.settings import Settings, resolve_settings
from roleatlas.store import Store

#: ``--spans/--no-spans`` of ingest, extract and reextract.
SpansOption = Annotated[
    bool | None,
    typer.Option(
        "--spans/--no-spans",
        help="Run the span tagger (skill and knowledge phrases, catalogued or not). "
        "Default: on (see docs/spans.md).",
    ),
]

app = typer.Typer(
    name="roleatlas",
    help="Evidence-backed answers about AI, ML and data careers, from real job postings.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Measure extraction and normalization quality on labelled data.")
app.add_typer(eval_app, name="eval")
data_app = typer.Typer(help="Public reference data: O*NET, BLS OEWS and projections, aijobs, ESCO.")
app.add_typer(data_app, name="data")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@app.callback()
def _root(
    ctx: typer.Context,
    home: Annotated[
        Path | None,
        typer.Option(help="Data directory (default: $ROLEATLAS_HOME or the user data dir)."),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="A PostgreSQL URL (postgresql://user:password@host/database) to use instead "
            "of the SQLite file in the home (default: $ROLEATLAS_DATABASE_URL).",
        ),
    ] = None,
) -> None:
    if db is not None and not db.startswith(("postgresql://", "postgres://")):
        raise typer.BadParameter(
            f"{db!r} is not a PostgreSQL URL: it must start with postgresql://. For a SQLite "
            "file, use --home with its directory.",
            param_hint="--db",
        )
    ctx.obj = resolve_settings(home=str(home) if home else None, database_url=db)


@contextmanager
def _store(ctx: typer.Context) -> Iterator[Store]:
    settings: Settings = ctx.obj
    with Store(settings.database).open() as store:
        yield store


def _progress(quiet: bool) -> Progress:
    """A transient progress bar on stderr, off for JSON output and when not on a terminal."""
    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=quiet or not err.is_terminal,
    )


def _text(value: object, style: str = "") -> Text:
    """``value`` as terminal text: control characters and escape sequences stripped, and a
    :class:`~rich.text.Text`, so Rich never reads it as markup (or ``:emoji:`` codes)."""
    return Text(terminal_safe(str(value)), style=style)


def _json(data: Any, indent: int | None = 2) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=indent, default=str)
    return json_controls_escaped(text)


def _print_json(data: Any) -> None:
    sys.stdout.write(_json(data) + "\n")


def _sync_search_index(store: Store, settings: Settings) -> tuple[int | None, str | None]:
    """Sync the search index after postings were committed: ``(indexed, None)``, or
    ``(None, message)`` when it fails. The postings are stored either way and ``roleatlas
    index`` (or the next ``roleatlas serve``) catches up, so a failure here is a warning."""
    from roleatlas.search import index_dir, sync_index

    try:
        path = index_dir(settings.home)
        return sync_index(store, path, lock_timeout=settings.index_lock_timeout), None
    except StoreError as exc:
        return None, str(exc)


def _warn_index(error: str | None) -> None:
    if error is not None:
        err.print(
            _text(
                f"Warning: the search index could not be updated: {error} The postings are "
                "stored; `roleatlas index` or the next `roleatlas serve` brings the index up "
                "to date.",
                style="yellow",
            )
        )


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[Path], typer.Argument(help="Posting files (JSONL, CSV, HTML, ATS JSON…).")
    ],
    format: Annotated[
        str | None, typer.Option("--format", help="Force the input format instead of detecting it.")
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="Source name for records that do not state one.")
    ] = None,
    map_: Annotated[
        list[str] | None,
        typer.Option("--map", help="CSV column mapping FIELD=COLUMN (repeatable)."),
    ] = None,
    spans: SpansOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Read postings from files, normalize them and store them (idempotent)."""
    from roleatlas.pipeline.run import ingest as run_ingest

    mapping = _parse_mapping(map_ or [])
    settings: Settings = ctx.obj
    with (
        _store(ctx) as store,
        _progress(quiet=as_json) as bar,
    ):
        task = bar.add_task("Ingesting", total=None)
        summary = run_ingest(
            paths,
            store,
            format=format,
            csv_mapping=mapping,
            source=source,
            batch_size=settings.batch_size,
            progress=lambda n: bar.advance(task, n),
            limits=settings.limits,
            spans=spans,
        )
        bar.update(task, description="Updating the search index")
        indexed, index_error = _sync_search_index(store, settings)
    data = summary.to_dict()
    data["indexed"] = indexed
    data["index_error"] = index_error
    if as_json:
        _print_json(data)
    else:
        if indexed is not None:
            err.print(f"Search index: {indexed} postings indexed.")
        _print_ingest_summary(data, summary.seconds)
    _warn_index(index_error)
    if summary.total == 0:
        err.print(
            _text(
                f"No postings were found in {', '.join(map(str, paths))}: nothing was stored. "
                "Is a file empty, or a CSV with a header row and no rows below it? Check "
                "that the files hold postings (and --format, if you forced one)."
            )
        )
    elif summary.rejected and not (summary.new or summary.updated or summary.unchanged):
        where = "in the rejects of the JSON" if as_json else "above"
        err.print(
            _text(
                f"Error: all {summary.rejected} records were rejected, nothing was stored. "
                f"See the reasons {where} (every reject is in the database too).",
                style="red",
            )
        )
        raise typer.Exit(1)


def _print_ingest_summary(data: dict[str, Any], seconds: float) -> None:
    table = Table(title=f"Ingest summary ({data['total']} records, {seconds:.1f} s)")
    for column in ("source", "new", "updated", "unchanged", "rejected"):
        table.add_column(column, justify="left" if column == "source" else "right")
    for name, counts in group_sources(data["per_source"]):  # many sources: one row a family
        table.add_row(_text(name), *(str(counts[k]) for k in COUNT_KEYS))
    table.add_row("[b]total[/b]", *(f"[b]{data[k]}[/b]" for k in COUNT_KEYS))
    out.print(table)
    for reject in data["rejects"]:
        out.print(_text(f"rejected {reject['origin']}: {reject['reason']}"))
    if data["rejected"] > len(data["rejects"]):
        out.print(f"… and {data['rejected'] - len(data['rejects'])} more rejects in the database.")


@app.command("index")
def index_command(
    ctx: typer.Context,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Build the whole index again instead of syncing.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Build or update the search index (HOME/index) from the stored postings."""
    import time

    from roleatlas.search import SearchIndex, build_index, index_dir, index_exists, sync_index

    settings: Settings = ctx.obj
    path = index_dir(settings.home)
    full = rebuild or not index_exists(path)
    started = time.perf_counter()
    with _store(ctx) as store, _progress(quiet=as_json) as bar:
        task = bar.add_task("Building the search index" if full else "Syncing", total=None)
        if full:
            indexed = build_index(
                store,
                path,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
                lock_timeout=settings.index_lock_timeout,
            )
        else:
            indexed = sync_index(store, path, lock_timeout=settings.index_lock_timeout)
    docs = SearchIndex.open(path).count()
    result = {
        "indexed": indexed,
        "rebuilt": full,
        "docs": docs,
        "path": str(path),
        "seconds": round(time.perf_counter() - started, 3),
    }
    if as_json:
        _print_json(result)
    else:
        out.print(
            _text(
                f"{'Built' if full else 'Synced'} the search index: {indexed} postings indexed, "
                f"{docs} in the index ({result['seconds']:.1f} s)."
            )
        )


def _parse_mapping(items: list[str]) -> dict[str, str] | None:
    if not items:
        return None
    mapping: dict[str, str] = {}
    for item in items:
        field, sep, column = item.partition("=")
        if not sep or not field or not column:
            raise InputError(
                f"A --map value must look like FIELD=COLUMN (e.g. title=job_title). Got {item!r}."
            )
        mapping[field.strip()] = column.strip()
    return mapping


@app.command()
def jobs(
    ctx: typer.Context,
    role: Annotated[str | None, typer.Option(help="Canonical role name or id.")] = None,
    level: Annotated[
        str | None, typer.Option(help="Seniority: EN, MI, SE or EX.", case_sensitive=False)
    ] = None,
    remote: Annotated[bool, typer.Option("--remote", help="Only remote postings.")] = False,
    country: Annotated[str | None, typer.Option(help="ISO country code, e.g. US.")] = None,
    min_salary: Annotated[
        float | None, typer.Option(help="Minimum annual pay in USD (upper end of the range).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="How many postings to list.")] = 20,
    format: Annotated[
        str, typer.Option("--format", help="Output format: text, json or csv.")
    ] = "text",
    include_closed: Annotated[
        bool,
        typer.Option("--include-closed", help="Also list postings their source no longer lists."),
    ] = False,
) -> None:
    """List stored postings like a job board (open ones; see --include-closed)."""
    from roleatlas.insights.jobs import job_query
    from roleatlas.report.listing import format_listing, posting_to_dict

    if format not in ("text", "json", "csv"):
        raise InputError(f"--format must be text, json or csv. Got {format!r} instead.")
    query = job_query(
        role=role,
        level=level,
        remote=remote or None,
        country=country,
        min_salary_usd=min_salary,
        limit=limit,
        include_closed=include_closed,
    )
    with _store(ctx) as store:
        postings = store.jobs(query)
    if format == "json":
        _print_json([posting_to_dict(p) for p in postings])
    elif format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(  # header cells are ours; data cells go through _csv_cell
            [
                "source",
                "source_id",
                "title",
                "company",
                "location",
                "role",
                "level",
                "employment_type",
                "salary",
                "url",
            ]
        )
        for p in postings:
            row = [
                p.source,
                p.source_id,
                p.title,
                p.company,
                p.location.raw,
                p.role,
                p.level,
                p.employment_type,
                format_listing(p)[1],
                p.url,
            ]
            writer.writerow([_csv_cell(v) for v in row])
    else:
        if not postings:
            err.print(
                "No postings match. Ingest some with `roleatlas ingest FILE`, or loosen "
                "the filters."
            )
        for p in postings:
            head, details = format_listing(p)
            out.print(_text(head, style="bold" if out.is_terminal else ""))
            out.print(_text(details))
            out.print()


def _csv_cell(value: str | None) -> str:
    """A data cell: no control characters, and never read as a formula by a spreadsheet."""
    return "" if value is None else spreadsheet_safe(terminal_safe(value))


_REPORT_FORMATS = ("text", "md", "html", "json")


def _render_report(
    obj: Any, format: str, out_file: Path | None, postings: Any | None = None
) -> None:
    """Write ``obj`` in ``format``; ``postings`` (titles and URLs of the cited postings)
    names the example postings of the Markdown and HTML reports."""
    from roleatlas.report.compare import to_json, to_markdown, to_text
    from roleatlas.report.html import to_html

    if format == "json":
        text = _json(to_json(obj)) + "\n"
    elif format == "md":
        text = to_markdown(obj, postings)
    elif format == "html":
        text = to_html(obj, postings)
    else:
        text = to_text(obj)
    _write_report(text, out_file)


def _write_report(text: str, out_file: Path | None) -> None:
    """Write a rendered report to ``out_file``, or to stdout."""
    if out_file is not None:
        try:
            out_file.parent.mkdir(parents=True, exist_ok=True)
            out_file.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InputError(
                f"Cannot write {str(out_file)!r}: {exc.strerror}. Pass --out with a writable path."
            ) from exc
        err.print(_text(f"Wrote {out_file}."))
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _check_report_format(format: str) -> None:
    if format not in _REPORT_FORMATS:
        raise InputError(
            f"--format must be one of {', '.join(_REPORT_FORMATS)}. Got {format!r} instead."
        )


@app.command()
def role(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Role name, alias or id from the catalog.")],
    format: Annotated[str, typer.Option("--format", help="text, md, html or json.")] = "text",
    out_file: Annotated[Path | None, typer.Option("--out", help="Write the report here.")] = None,
) -> None:
    """A role's profile from postings and public data, every figure with its n and source."""
    from roleatlas.insights.profile import role_profile
    from roleatlas.web.render import report_refs

    _check_report_format(format)
    with _store(ctx) as store:
        profile = role_profile(store, name)
        refs = report_refs(store, profile) if format in ("md", "html") else None
    _render_report(profile, format, out_file, refs)


@app.command()
def compare(
    ctx: typer.Context,
    names: Annotated[list[str], typer.Argument(help="Two or more role names, aliases or ids.")],
    format: Annotated[str, typer.Option("--format", help="text, md, html or json.")] = "text",
    out_file: Annotated[Path | None, typer.Option("--out", help="Write the report here.")] = None,
) -> None:
    """Compare roles section by section: definitions, responsibilities, skills, education,
    tools, industries, outlook, salaries, tips and related jobs, all from evidence."""
    from roleatlas.insights.compare import compare_roles
    from roleatlas.web.render import report_refs

    _check_report_format(format)
    with _store(ctx) as store:
        comparison = compare_roles(store, list(names))
        refs = report_refs(store, comparison) if format in ("md", "html") else None
    _render_report(comparison, format, out_file, refs)


@app.command()
def fit(
    ctx: typer.Context,
    resume: Annotated[
        Path, typer.Argument(help="Résumé: PDF, DOCX, text, Markdown or JSON Resume.")
    ],
    role_names: Annotated[
        list[str] | None, typer.Option("--role", help="Only these roles (repeatable).")
    ] = None,
    country: Annotated[
        str | None, typer.Option(help="Jobs and pay in this country (ISO code or name).")
    ] = None,
    remote: Annotated[bool, typer.Option("--remote", help="Remote jobs and pay only.")] = False,
    limit: Annotated[int, typer.Option(help="Matching jobs listed.", min=1, max=100)] = 10,
    format: Annotated[str, typer.Option("--format", help="text, md, html or json.")] = "text",
    out_file: Annotated[Path | None, typer.Option("--out", help="Write the report here.")] = None,
) -> None:
    """Roles ranked by how much of their skill demand a résumé covers, with gaps, level,
    matching open jobs, expected pay and tips; the résumé is read in memory, never stored."""
    from roleatlas.insights.fit import fit_resume
    from roleatlas.report import fit as report
    from roleatlas.resume.read import read_resume
    from roleatlas.search import SearchIndex, index_dir, index_exists
    from roleatlas.web.render import posting_refs

    _check_report_format(format)
    settings: Settings = ctx.obj
    parsed = read_resume(resume, limits=settings.limits)
    index = None
    if index_exists(index_dir(settings.home)):
        index = SearchIndex.open(index_dir(settings.home))
    with _store(ctx) as store:
        result = fit_resume(
            store,
            parsed,
            roles=role_names or None,
            country=country,
            remote=True if remote else None,
            limit=limit,
            index=index,
        )
        refs = (
            posting_refs(store, report.example_keys(result)) if format in ("md", "html") else None
        )
    if format == "json":
        text = _json(report.to_json(result)) + "\n"
    elif format == "md":
        text = report.to_markdown(result, refs)
    elif format == "html":
        text = report.to_html(result, refs)
    else:
        text = report.to_text(result)
    _write_report(text, out_file)


@app.command()
def normalize(
    kind: Annotated[
        str, typer.Argument(help="title, salary, location, listing, employment or seniority.")
    ],
    text: Annotated[
        str, typer.Argument(help="The text, or '-' to read one input per line from stdin.")
    ],
) -> None:
    """Print the normalized record of TEXT as JSON."""
    from roleatlas.pipeline.normalize import normalize_text

    if text != "-":
        results = normalize_text(kind, text)
        _print_json(results[0] if kind != "listing" else results)
        return
    if kind == "listing":  # a listing spans several lines: read it whole
        for item in normalize_text(kind, sys.stdin.read()):
            print(_json(item, indent=None))
        return
    for line in sys.stdin:
        line = line.rstrip("\n")
        if line.strip():
            for item in normalize_text(kind, line):
                print(_json(item, indent=None))


@app.command()
def extract(
    file: Annotated[str, typer.Argument(help="A file with one posting's text, or '-' for stdin.")],
    title: Annotated[str | None, typer.Option(help="The posting's title, if known.")] = None,
    learned: Annotated[
        bool, typer.Option("--learned", help="Also run the learned skill-span layer.")
    ] = False,
    spans: SpansOption = None,
    format: Annotated[str, typer.Option("--format", help="json or text.")] = "text",
) -> None:
    """Print what extraction reads out of one posting: skills, education, experience, duties."""
    from roleatlas.pipeline.extract import extract_text
    from roleatlas.report.extraction import extraction_lines, extraction_to_dict

    if format not in ("text", "json"):
        raise InputError(f"--format must be text or json. Got {format!r} instead.")
    if file == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(
                f"Cannot read {file!r}: {exc.strerror}. Pass a text file or '-' for stdin."
            ) from exc
    result = extract_text(title, text, learned=learned, spans=spans)
    if format == "json":
        _print_json(extraction_to_dict(result))
    else:
        for line in extraction_lines(result, text):
            out.print(_text(line))


@app.command()
def reextract(
    ctx: typer.Context,
    everything: Annotated[
        bool, typer.Option("--all", help="Redo every posting, not only the stale ones.")
    ] = False,
    learned: Annotated[
        bool, typer.Option("--learned", help="Also run the learned skill-span layer.")
    ] = False,
    spans: SpansOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Redo extraction for stored postings after the skill catalog or an extractor changed."""
    from roleatlas.pipeline.run import reextract as run_reextract

    settings: Settings = ctx.obj
    with (
        _store(ctx) as store,
        _progress(quiet=as_json) as bar,
    ):
        task = bar.add_task("Re-extracting", total=None)
        result = run_reextract(
            store,
            learned=learned,
            spans=spans,
            everything=everything,
            batch_size=settings.batch_size,
            progress=lambda n: bar.advance(task, n),
            max_mentions=settings.max_mentions,
        )
        bar.update(task, description="Updating the search index")
        result["indexed"], result["index_error"] = _sync_search_index(store, settings)
    if as_json:
        _print_json(result)
    else:
        out.print(
            f"Re-extracted {result['reextracted']} postings ({result['version']}) in "
            f"{result['seconds']:.1f} s."
        )
    _warn_index(result["index_error"])


def _role_id(role: str | None) -> str | None:
    """The catalog id of a role name, id or alias (``None`` for none); an unknown role is an
    InputError that suggests close names."""
    if not role:
        return None
    from roleatlas.catalog import load_catalog

    return load_catalog().resolve(role).id


def _uncatalogued(ctx: typer.Context, role: str | None, limit: int, format: str) -> None:
    from roleatlas.insights.phrases import uncatalogued_phrases

    if format not in ("text", "json"):
        raise InputError(f"--format must be text or json. Got {format!r} instead.")
    role_id = _role_id(role)
    with _store(ctx) as store:
        n, phrases = uncatalogued_phrases(store, role=role_id, limit=limit)
    if format == "json":
        _print_json({"role": role_id, "n": n, "phrases": [_share(p) for p in phrases]})
        return
    if n == 0:
        err.print(
            _text(
                f"No posting{' of ' + role if role else ''} was read with the span tagger. "
                "Postings stored with --no-spans or before the tagger ran by default have "
                "none: run roleatlas reextract to tag them."
            )
        )
        return
    table = Table(
        title=_text(
            f"Skill phrases outside the catalog: {role or 'all roles'} (n={n} postings read "
            "with the span tagger)"
        )
    )
    for column in ("#", "phrase", "kind", "postings", "share", "95% interval", "example"):
        table.add_column(
            column, justify="right" if column in ("#", "postings", "share") else "left"
        )
    for i, p in enumerate(phrases, 1):
        table.add_row(
            str(i),
            _text(p.text),
            p.kind.lower(),
            str(p.postings),
            f"{p.share:.0%}",
            f"{p.low:.0%}–{p.high:.0%}",
            _text(p.examples[0] if p.examples else ""),
        )
    out.print(table)


@app.command()
def skills(
    ctx: typer.Context,
    role: Annotated[str | None, typer.Option(help="Canonical role name or id.")] = None,
    source: Annotated[
        list[str] | None, typer.Option(help="Only postings of this source (repeatable).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="How many skills to list.")] = 30,
    category: Annotated[
        list[str] | None,
        typer.Option(help="Only skills of this catalog category, e.g. language (repeatable)."),
    ] = None,
    uncatalogued: Annotated[
        bool,
        typer.Option(
            "--uncatalogued",
            help="List the skill phrases outside the catalog instead (from postings "
            "ingested with the span tagger, the default).",
        ),
    ] = False,
    format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """The skills and tools a role's postings ask for most, with shares and intervals."""
    from roleatlas.catalog.skills import load_skills
    from roleatlas.insights.skills import top_skills

    if uncatalogued:
        _uncatalogued(ctx, role, limit, format)
        return

    unknown = sorted(set(category or []) - set(load_skills().categories))
    if unknown:
        raise InputError(
            f"Unknown skill categories {', '.join(unknown)}. Choose from: "
            f"{', '.join(sorted(load_skills().categories))}."
        )
    if format not in ("text", "json"):
        raise InputError(f"--format must be text or json. Got {format!r} instead.")
    role_id = _role_id(role)
    with _store(ctx) as store:
        n, shares = top_skills(
            store, role=role_id, sources=source or None, limit=limit, categories=category or None
        )
    if format == "json":
        _print_json(
            {
                "role": role_id,
                "sources": source or None,
                "n": n,
                "skills": [_share(s) for s in shares],
            }
        )
        return
    table = Table(title=_text(f"Top skills: {role or 'all roles'} (n={n} postings)"))
    for column in ("#", "skill", "category", "postings", "share", "95% interval"):
        table.add_column(
            column, justify="right" if column in ("#", "postings", "share") else "left"
        )
    for i, s in enumerate(shares, 1):
        table.add_row(
            str(i),
            _text(s.name),
            _text(s.category),
            str(s.postings),
            f"{s.share:.0%}",
            f"{s.low:.0%}–{s.high:.0%}",
        )
    out.print(table)
    if n == 0:
        err.print(
            "No extracted postings match. Run `roleatlas ingest` (or `roleatlas "
            "reextract` for postings ingested before extraction existed)."
        )


@app.command()
def premium(
    ctx: typer.Context,
    role: Annotated[str | None, typer.Option(help="Canonical role name or id.")] = None,
    level: Annotated[
        str | None, typer.Option(help="Seniority: EN, MI, SE or EX.", case_sensitive=False)
    ] = None,
    country: Annotated[str | None, typer.Option(help="ISO country code, e.g. US.")] = None,
    pay: Annotated[
        str,
        typer.Option(help="stated (employer figures), estimate (board estimates) or all."),
    ] = "stated",
    min_support: Annotated[
        int, typer.Option(min=2, help="Fewest postings with the skill, and without it.")
    ] = 20,
    format: Annotated[str, typer.Option("--format", help="text, md, json or csv.")] = "text",
) -> None:
    """What each skill adds to posted pay at the same role, level, country and remote status
    (fixed-effects regression, 95% intervals clustered by company): an association, not a
    cause."""
    from roleatlas.insights.premium import skill_premiums
    from roleatlas.report.premium import (
        premium_csv,
        premium_json,
        premium_markdown,
        premium_text,
    )

    if format not in ("text", "md", "json", "csv"):
        raise InputError(f"--format must be text, md, json or csv. Got {format!r} instead.")
    with _store(ctx) as store:
        table = skill_premiums(
            store, role=role, level=level, country=country, pay=pay, min_support=min_support
        )
    if format == "json":
        _print_json(premium_json(table))
    elif format == "csv":
        sys.stdout.write(premium_csv(table))
    elif format == "md":
        sys.stdout.write(premium_markdown(table))
    else:
        sys.stdout.write(premium_text(table))


@eval_app.command("premium")
def eval_premium(
    ctx: typer.Context,
    role: Annotated[str | None, typer.Option(help="Only this role's postings.")] = None,
    pay: Annotated[str, typer.Option(help="stated, estimate or all.")] = "stated",
    draws: Annotated[int, typer.Option(min=10, help="Seeded random draws.")] = 200,
    planted: Annotated[float, typer.Option(help="The planted premium (0.15 is +15%).")] = 0.15,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 20240612,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Plant a known premium (and a placebo) in the stored postings' real pay and report how
    often the premium's 95% interval covers it."""
    from roleatlas.evaluate.premium import evaluate_premium

    with _store(ctx) as store:
        report = evaluate_premium(
            store, role=role, pay=pay, draws=draws, planted=planted, seed=seed
        )
    if as_json:
        _print_json(report)
        return
    out.print(
        _text(
            f"{report['n']} postings ({report['pay']}, {report['role'] or 'all roles'}), "
            f"{report['clusters']} clusters, fixed effects {', '.join(report['fixed_effects'])}; "
            f"{report['draws']} draws, planted {report['planted']:+.0%}"
        )
    )
    for unit in ("posting_level", "company_level"):
        for errors in ("cluster", "hc1"):
            r = report[unit][errors]
            out.print(
                _text(
                    f"  skill per {unit.split('_')[0]:<8} {errors:<8} coverage {r['coverage']:.3f}"
                    f" (±{r['coverage_mc_se']:.3f})  placebo false positives "
                    f"{r['placebo_false_positive']:.3f}  mean estimate "
                    f"{r['mean_estimate']:+.1%}  mean width {r['mean_interval_width']:.1%}"
                )
            )


def _postings_file(data: Path) -> Path:
    path = data / "postings.jsonl.gz" if data.is_dir() else data
    if not path.exists():
        raise InputError(
            f"No postings file at {str(path)!r}. Pass --data with a folder holding "
            "postings.jsonl.gz (e.g. ../shared/data/postings-google-careers)."
        )
    return path


@eval_app.command("education")
def eval_education(
    data: Annotated[Path, typer.Option(help="Folder holding postings.jsonl.gz.")],
    labels: Annotated[Path, typer.Option(help="TSV of hand labels (id, min_degree, …).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Degree-level accuracy of education extraction on hand-labelled postings."""
    from roleatlas.evaluate.quals import evaluate_education

    report = evaluate_education(labels, _postings_file(data))
    if as_json:
        _print_json(report)
        return
    out.print(
        f"n {report['n']}  level accuracy {report['level_accuracy']:.3f}  "
        f"or-equivalent accuracy {report['or_equivalent_accuracy']:.3f}"
    )
    for miss in report["misses"][:20]:
        out.print(_text(f"  {miss}"))


@eval_app.command("experience")
def eval_experience(
    data: Annotated[Path, typer.Option(help="Folder holding postings.jsonl.gz.")],
    labels: Annotated[Path, typer.Option(help="TSV of hand labels (id, …, experience_min_years).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Exact match of the overall minimum years of experience on hand-labelled postings."""
    from roleatlas.evaluate.quals import evaluate_experience

    report = evaluate_experience(labels, _postings_file(data))
    if as_json:
        _print_json(report)
        return
    out.print(f"n {report['n']}  exact match {report['exact_match']:.3f}")
    for miss in report["misses"][:20]:
        out.print(_text(f"  {miss}"))


@eval_app.command("hn")
def eval_hn(
    data: Annotated[
        Path, typer.Option(help="Folder laid out like ../shared/data/postings-hn-whoishiring.")
    ],
    labels: Annotated[
        Path, typer.Option(help="JSON Lines of gold header fields (tests/data/hn_labels.jsonl).")
    ],
    split: Annotated[str, typer.Option(help="dev (tuned on), test (untouched) or all.")] = "dev",
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Hacker News header parsing (company, roles, location, remote, salary) on hand labels."""
    from roleatlas.evaluate.hn import evaluate_hn

    report = evaluate_hn(data, labels, split=split)
    if as_json:
        _print_json(report)
        return
    table = Table(title=_text(f"HN header parsing, {split} split ({report['rows']} postings)"))
    table.add_column("metric")
    table.add_column("score", justify="right")
    for metric, key in _HN_METRICS:
        table.add_row(metric, f"{report[key]:.3f}")
    out.print(table)
    out.print(
        f"Postings without a title (whole file): {report['without_title']} of "
        f"{report['postings']} ({report['without_title_share']:.1%}); the stored heuristic "
        f"leaves {report['stored_without_title']}. --json lists the disagreements."
    )


_HN_METRICS = (
    ("company exact match", "company"),
    ("header roles precision", "roles_precision"),
    ("header roles recall", "roles_recall"),
    ("location match", "location"),
    ("remote exact match", "remote"),
    ("salary exact (within 1%)", "salary_exact"),
    ("has salary precision", "salary_precision"),
    ("has salary recall", "salary_recall"),
)


@eval_app.command("fields")
def eval_fields(
    data: Annotated[
        Path, typer.Option(help="Folder holding postings-*/postings.jsonl.gz (../shared/data).")
    ],
    labels: Annotated[
        Path, typer.Option(help="JSON Lines of hand labels (tests/data/field_labels.jsonl).")
    ],
    split: Annotated[str, typer.Option(help="dev (tuned on), test (untouched) or all.")] = "test",
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Salary, employment type and posted date read from descriptions, on hand labels."""
    from roleatlas.evaluate.fields import evaluate_fields

    report = evaluate_fields(data, labels, split=split)
    if as_json:
        _print_json(report)
        return
    table = Table(title=_text(f"Fields read from the text, {split} split"))
    for column in ("field", "n", "with value", "read", "precision", "recall", "accuracy"):
        table.add_column(column, justify="left" if column == "field" else "right")
    for field, r in report.items():
        table.add_row(
            field, str(r["n"]), str(r["with_value"]), str(r["read"]),
            *(_score(r[k]) for k in ("precision", "recall", "accuracy")),
        )  # fmt: skip
    out.print(table)
    out.print("--json lists each disagreement (id, got, expected).")


def _score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


@eval_app.command("resumes")
def eval_resumes(
    data: Annotated[
        Path, typer.Option(help="Folder holding resumes.jsonl.gz (../shared/data/resumes).")
    ],
    split: Annotated[str, typer.Option(help="dev (tuned on), test or all.")] = "test",
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Résumé reading (skills, degrees, titles held, years) on annotated résumés (aggregates)."""
    from roleatlas.evaluate.resumes import evaluate_resumes

    report = evaluate_resumes(data, split=split)
    if as_json:
        _print_json(report)
        return
    table = Table(title=f"Résumé reading, {split} split ({report['resumes']} résumés)")
    for column in ("item", "predicted", "gold", "precision", "recall"):
        table.add_column(column, justify="left" if column == "item" else "right")
    for item in ("skills", "degrees", "titles"):
        r = report[item]
        table.add_row(item, str(r["predicted"]), str(r["gold"]), _score(r["precision"]),
                      _score(r["recall"]))  # fmt: skip
    out.print(table)
    y = report["years"]
    skills = report["skills"]
    out.print(
        f"skills found among the gold items the catalog can name: "
        f"{_score(skills['catalog_recall'])} ({skills['catalog_items']} items)\n"
        f"years of experience within ±1 year: {_score(y['within_1'])} of {y['resumes']} "
        f"résumés (stated {_score(y['stated_within_1'])} of {y['stated']}, dated history "
        f"{_score(y['dated_within_1'])} of {y['dated']})"
    )


@eval_app.command("dedup")
def eval_dedup(
    shared: Annotated[
        Path, typer.Option(help="Folder holding postings-*/postings.jsonl.gz (../shared/data).")
    ],
    pairs: Annotated[
        Path, typer.Option(help="JSON Lines of labelled pairs (tests/data/dedup_pairs.jsonl).")
    ],
    split: Annotated[str, typer.Option(help="dev (tuned on), test (untouched) or all.")] = "dev",
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Dedup pairwise precision/recall on labelled pairs, and the clusters all postings form."""
    from roleatlas.evaluate.dedup import evaluate_dedup

    r = evaluate_dedup(shared, pairs, split=split)
    if as_json:
        _print_json(r)
        return
    table = Table(title=_text(f"Dedup, {split} split ({r['pairs']} labelled pairs)"))
    for column in ("metric", "score", "counts"):
        table.add_column(column, justify="right" if column == "score" else "left")
    table.add_row("pairwise precision", f"{r['precision']:.3f}", f"{r['tp']}/{r['tp'] + r['fp']}")
    table.add_row("pairwise recall", f"{r['recall']:.3f}", f"{r['tp']}/{r['tp'] + r['fn']}")
    table.add_row("clusters", f"{r['clusters']:,}", f"{r['multi_clusters']:,} with >1 posting")
    table.add_row("postings", f"{r['postings']:,}", f"{r['ms_per_1000']} ms per 1,000")
    out.print(table)
    if r["missing"]:
        err.print(f"{r['missing']} labelled pairs name postings not in the data; not scored.")
    if r["errors"]:
        out.print(f"Misclassified pairs ({len(r['errors'])}; the first 20):")
    for e in r["errors"][:20]:
        out.print(_text(f"  {e['error']}: {e['a'][0]}/{e['a'][1]} ~ {e['b'][0]}/{e['b'][1]}"))


@eval_app.command("report")
def eval_report(
    shared: Annotated[Path, typer.Option(help="Folder laid out like ../shared/data.")],
    labels: Annotated[Path, typer.Option(help="Folder of the hand-labelled samples.")] = Path(
        "tests/data"
    ),
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write the Markdown table here.")
    ] = None,
    task: Annotated[
        list[str] | None,
        typer.Option(
            help="Only these tasks: salary titles quals skills catalog linking hn dedup fields "
            "resumes (repeatable)."
        ),
    ] = None,
) -> None:
    """Run every evaluation and write the results table (docs/evaluation.md)."""
    from roleatlas.evaluate.report import TASKS, evaluation_rows, render_markdown

    unknown = sorted(set(task or []) - set(TASKS))
    if unknown:
        raise InputError(f"Unknown task(s) {', '.join(unknown)}. Choose from: {', '.join(TASKS)}.")
    rows, meta = evaluation_rows(shared, labels, task or None)
    text = render_markdown(rows, meta)
    if out_file:
        out_file.write_text(text, encoding="utf-8")
        err.print(_text(f"Wrote {out_file}."))
    else:
        out.print(_text(text))


@eval_app.command("skills")
def eval_skills(
    data: Annotated[Path, typer.Option(help="Folder laid out like ../shared/data/skillspan.")],
    split: Annotated[str, typer.Option(help="dev, train or test.")] = "dev",
    layer: Annotated[
        str,
        typer.Option(
            help="default (what ingest stores by default), dictionary, tagger (the span "
            "tagger alone), learned (the optional CRF) or combined (dictionary + "
            "CRF)."
        ),
    ] = "default",
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Skill span precision/recall/F1 (strict and loose) on SkillSpan-shaped data.

    Without --layer it measures what `roleatlas ingest` stores by default."""
    from roleatlas.evaluate.spans import default_layer_name, evaluate_spans, layer_predictor

    report = evaluate_spans(data, split=split, predictor=layer_predictor(layer))
    report["layer"] = default_layer_name() if layer == "default" else layer
    if as_json:
        _print_json(report)
        return
    out.print(_text(f"{report['layer']} layer on {split}: {report['sentences']} sentences"))
    for kind in ("merged", "skill", "knowledge"):
        for mode in ("strict", "loose"):
            m = report[kind][mode]
            out.print(
                f"  {kind:9} {mode:6} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}"
            )


@eval_app.command("catalog-skills")
def eval_catalog_skills(
    shared: Annotated[
        Path, typer.Option(help="Folder holding postings-*/postings.jsonl.gz (../shared/data).")
    ],
    labels: Annotated[
        Path, typer.Option(help="JSON Lines of hand labels, one object per labelled posting.")
    ] = Path("tests/data/catalog_skill_labels.jsonl"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Precision and recall of the counted catalog skills, and catalog coverage, on hand labels."""
    from roleatlas.evaluate.catalog_skills import evaluate_catalog_skills

    report = evaluate_catalog_skills(shared, labels)
    if as_json:
        _print_json(report)
        return
    table = Table(title=_text("Catalog skills counted per posting (boilerplate left out)"))
    columns = ("split", "n", "counted", "precision", "asked", "recall", "coverage", "gaps/n")
    for column in columns:
        table.add_column(column, justify="left" if column == "split" else "right")
    for split in ("dev", "test", "all"):
        r = report[split]
        table.add_row(
            split, str(r["postings"]), str(r["counted"]), _score(r["precision"]), str(r["asked"]),
            _score(r["recall"]), _score(r["coverage"]), f"{r['misses_per_posting']:.2f}",
        )  # fmt: skip
    out.print(table)
    for split in ("dev", "test"):
        r = report[split]
        out.print(f"{split} 95% intervals: precision {r['precision_ci']}, recall {r['recall_ci']}")
    for key, title in (
        ("false_positives", "Most frequent false positives"),
        ("missed", "Most missed"),
        ("gaps", "Not in the catalog"),
    ):
        out.print(_text(f"{title}: " + ", ".join(f"{k} ({n})" for k, n in report["all"][key])))
    out.print("--json adds Wilson intervals of coverage and the scores per source.")


@eval_app.command("skill-linking")
def eval_skill_linking(
    ctx: typer.Context,
    data: Annotated[
        Path, typer.Option(help="Folder laid out like ../shared/data/decorte-esco-skill-benchmark.")
    ],
    split: Annotated[str, typer.Option(help="validation or test.")] = "validation",
    protocol: Annotated[
        str,
        typer.Option(
            help="fixed: score the shipped settings on --split. cv: choose the settings on "
            "tech, score them on house and the other way round (validation split)."
        ),
    ] = "fixed",
    index: Annotated[
        Path | None,
        typer.Option(
            help="Skill index file (roleatlas data skill-index); default HOME/models/"
            "esco_skills.npz when it exists, else the ESCO folders next to --data."
        ),
    ] = None,
    backend: Annotated[
        str,
        typer.Option(
            help="auto (hybrid when the semantic extra is installed and the index has "
            "embeddings, else lexical), lexical or hybrid."
        ),
    ] = "auto",
    silver: Annotated[
        Path | None,
        typer.Option(
            help="With --protocol cv: folder laid out like "
            "../shared/data/techwolf-vacancy-job2skill, scored as a silver check."
        ),
    ] = None,
    silver_limit: Annotated[
        int, typer.Option(help="Silver titles to score, evenly spaced (0: all 5,644).")
    ] = 1000,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """R@5 and MRR of ESCO skills ranked per sentence (Decorte benchmark shape)."""
    from roleatlas.evaluate.linking import (
        cross_validate_linking,
        evaluate_linking,
        format_cv_report,
        load_linking_linker,
    )
    from roleatlas.pipeline.extract.link_esco import default_index_path

    if protocol not in ("fixed", "cv"):
        raise InputError(f"--protocol must be fixed or cv. Got {protocol!r} instead.")
    if silver is not None and protocol != "cv":
        raise InputError("--silver is scored with --protocol cv only. Add --protocol cv.")
    settings: Settings = ctx.obj
    if index is None and default_index_path(settings.home).is_file():
        index = default_index_path(settings.home)
    linker = load_linking_linker(data, index=index, backend=backend)
    if as_json or protocol == "fixed":  # the cv text report names the linker itself
        err.print(_text(f"Linker: {linker.backend_note_}."))
    if protocol == "cv":
        cv = cross_validate_linking(
            data, linker, silver_dir=silver, silver_limit=silver_limit or None
        )
        if as_json:
            _print_json(cv)
        else:
            out.print(_text(format_cv_report(cv)))
        return
    report = evaluate_linking(data, split=split, linker=linker)
    if as_json:
        _print_json(report)
        return
    for subset in ("combined", "tech", "house"):
        m = report[subset]
        out.print(
            f"{subset:9} n {m['n']:4}  R@5 {m['recall_at_k']:.3f}  "
            f"hit@5 {m['hit_at_k']:.3f}  MRR {m['mrr']:.3f}"
        )


@app.command("train-spans")
def train_spans(
    ctx: typer.Context,
    data: Annotated[Path, typer.Option(help="Folder laid out like ../shared/data/skillspan.")],
    reference: Annotated[
        Path | None,
        typer.Option(help="Folder laid out like ../shared/data (public taxonomies for features)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Train the learned skill-span model into ROLEATLAS_HOME/models (needs the train extra)."""
    from roleatlas.pipeline.extract.learned import default_model_path
    from roleatlas.train import train_span_model

    settings: Settings = ctx.obj
    result = train_span_model(data, default_model_path(settings.home), reference_dir=reference)
    if as_json:
        _print_json(result)
    else:
        for key, value in result.items():
            out.print(_text(f"{key}: {value}"))


def _share(share: Any) -> dict[str, Any]:
    return {name: getattr(share, name) for name in share.__slots__}


@data_app.command("pull")
def data_pull(
    ctx: typer.Context,
    datasets: Annotated[
        list[str] | None,
        typer.Argument(
            help="Datasets to pull (default: all): onet oews projections aijobs esco crosswalk."
        ),
    ] = None,
    from_: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="Read a local mirror laid out like ../shared/data instead of downloading.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
) -> None:
    """Download (or read from a mirror) and load public reference data."""
    from roleatlas.reference import pull

    settings: Settings = ctx.obj
    with (
        _store(ctx) as store,
        _progress(quiet=as_json) as bar,
    ):
        task = bar.add_task("reference data", total=None)

        def show(p: Any) -> None:
            bar.update(
                task,
                description=escape(terminal_safe(f"{p.dataset}: {p.stage} {p.file or ''}")),
                completed=p.done,
                total=p.total or None,
            )

        results = pull(datasets or None, store, settings.home, source_dir=from_, progress=show)
    if as_json:
        _print_json([_share(r) if hasattr(r, "__slots__") else r.__dict__ for r in results])
        return
    for r in results:
        out.print(
            _text(f"{r.name:12} {r.version:14} {r.rows:>9,} rows  {r.seconds:6.1f} s  {r.source}")
        )


@data_app.command("status")
def data_status(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the status as JSON.")] = False,
) -> None:
    """Show which reference datasets are loaded, their versions and how old they are."""
    from roleatlas.reference import status

    with _store(ctx) as store:
        rows = status(store)
    if as_json:
        _print_json(rows)
        return
    table = Table(title="Reference data")
    for column in ("dataset", "loaded", "version", "rows", "age (days)", "source"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            _text(r["name"]),
            "yes" if r["loaded"] else "no",
            _text(r.get("version") or ""),
            f"{r['rows']:,}" if r.get("rows") else "",
            "" if r.get("age_days") is None else str(r["age_days"]),
            _text(r.get("url") or ""),
        )
    out.print(table)


@data_app.command("skill-index")
def data_skill_index(
    ctx: typer.Context,
    data: Annotated[
        Path, typer.Option(help="Data root laid out like ../shared/data (or its esco folder).")
    ],
    semantic: Annotated[
        bool,
        typer.Option(
            "--semantic",
            help="Also embed every skill for the hybrid linker (needs the semantic extra; "
            "about 10 minutes on 2 cores).",
        ),
    ] = False,
    out_path: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Index file (default: HOME/models/esco_skills.npz, where the linker looks).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Build the ESCO skill index that the skill linker loads (--semantic: with embeddings)."""
    from roleatlas.pipeline.extract.link_esco import build_skill_index, default_index_path

    settings: Settings = ctx.obj
    target = out_path if out_path is not None else default_index_path(settings.home)
    path = build_skill_index(data, target, semantic=semantic)
    result = {"path": str(path), "semantic": semantic, "bytes": path.stat().st_size}
    if as_json:
        _print_json(result)
    else:
        kind = "semantic + lexical" if semantic else "lexical"
        out.print(_text(f"Wrote the {kind} skill index to {path} ({result['bytes']:,} bytes)."))


@eval_app.command("salary")
def eval_salary(
    data: Annotated[
        Path, typer.Option(help="Folder holding postings.jsonl.gz with gold salaries.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Salary text → annual amount, against gold annual salaries (Adzuna shape)."""
    from roleatlas.evaluate.salary import evaluate_salary

    report = evaluate_salary(data)
    if as_json:
        _print_json(report)
        return
    out.print(
        f"rows {report['rows']}  parsed {report['parsed']}  coverage {report['coverage']:.3f}"
    )
    out.print(f"within 1%: {report['within_1pct']:.3f}   within 5%: {report['within_5pct']:.3f}")
    for failure in report["failures"][:10]:
        out.print(_text(f"  {failure}"))


@eval_app.command("fit")
def eval_fit(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option(help="Folder laid out like ../shared/data (for resumes/resumes.jsonl.gz)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Role from skills (held-out source families, beside a TF-IDF nearest-role baseline) and
    role from résumé (UpdatedResumeDataSet categories) on the store of --home."""
    from roleatlas.evaluate.fit import evaluate_fit, render_fit

    with _store(ctx) as store:
        report = evaluate_fit(store, data)
    if as_json:
        _print_json(report)
    else:
        out.print(_text(render_fit(report)))


@eval_app.command("titles")
def eval_titles(
    data: Annotated[Path, typer.Option(help="TSV of title, source, ref, expected_role_id, note.")],
    postings: Annotated[
        Path | None,
        typer.Option(help="Folder holding postings-*/ to resolve refs (e.g. ../shared/data)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Title → canonical role accuracy on a labelled sample."""
    from roleatlas.evaluate.titles import evaluate_titles

    report = evaluate_titles(data, postings_dir=postings)
    if as_json:
        _print_json(report)
        return
    out.print(f"n {report['n']}  accuracy {report['accuracy']:.3f}")
    for row in report["confusions"]:
        out.print(_text(f"  {row}"))


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            max=64,
            help="Server processes sharing the port (more than 1 suits a PostgreSQL store, "
            "--db; on SQLite readers share the file and writers take turns).",
        ),
    ] = 1,
) -> None:
    """Run the web UI and the REST API (/api/v1, described at /openapi.json)."""
    import os

    import uvicorn

    from roleatlas.api import create_app
    from roleatlas.api.security import token_problem

    settings: Settings = ctx.obj
    problem = token_problem(settings)
    if problem is not None:  # no token: uploads are simply off; a short one is a mistake
        label, style = ("Note", "") if not settings.api_token else ("Warning", "yellow")
        err.print(_text(f"{label}: {problem}", style=style))
    where = Store(settings.database).path
    plural = f" in {workers} processes" if workers > 1 else ""
    err.print(_text(f"Serving {where} on http://{host}:{port}/{plural} (Ctrl+C stops)."))
    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
        return
    # each worker process builds its app from the environment (create_app() with no settings)
    os.environ["ROLEATLAS_HOME"] = str(settings.home)
    if settings.database_url:
        os.environ["ROLEATLAS_DATABASE_URL"] = settings.database_url
    uvicorn.run(
        "roleatlas.api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
    )


site_app = typer.Typer(help="Static HTML export of role and comparison pages.")
app.add_typer(site_app, name="site")


@site_app.command("build")
def site_build(
    ctx: typer.Context,
    out_dir: Annotated[Path, typer.Argument(help="Folder to write the site into.")],
    roles: Annotated[
        list[str] | None,
        typer.Option("--role", help="Role to write (repeatable; default: all with postings)."),
    ] = None,
    pairs: Annotated[
        list[str] | None,
        typer.Option("--pair", help='Two roles to compare, as "A|B" (repeatable; default: a set).'),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="Absolute URL the site is published at: canonical links use it and "
            "sitemap.xml is written (default: relative canonical links, no sitemap).",
        ),
    ] = None,
) -> None:
    """Write role and comparison pages as static HTML with relative links (no server needed)."""
    from roleatlas.web.site import build_site

    split: list[tuple[str, str]] = []
    for pair in pairs or []:
        a, sep, b = pair.partition("|")
        if not sep or "|" in b:
            raise InputError(f'--pair takes two roles separated by "|", like "A|B". Got {pair!r}.')
        split.append((a.strip(), b.strip()))
    with _store(ctx) as store:
        written = build_site(
            store, out_dir, roles=roles or None, pairs=split or None, base_url=base_url
        )
    out.print(_text(f"Wrote {len(written)} files to {out_dir} (open {out_dir / 'index.html'})."))
    if base_url is None:
        err.print(_text("No sitemap.xml: pass --base-url https://… to write one."))


sources_app = typer.Typer(
    help="Live sources to collect postings from: ATS boards, feeds, pages, HN threads."
)
app.add_typer(sources_app, name="sources")


@sources_app.command("add")
def sources_add(
    ctx: typer.Context,
    url: Annotated[
        str | None,
        typer.Argument(help="Board, feed, sitemap or HN thread URL (or the API URL with --kind)."),
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", help='Source name (default "<kind>:<board>").')
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="Source kind, instead of detecting it.")
    ] = None,
    starter: Annotated[
        bool, typer.Option("--starter", help="Add every board of the starter list.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Add a source by URL (its kind detected), or the starter list of AI/ML/data boards."""
    from roleatlas.collect.registry import add_source, add_starter, source_summary

    if starter == (url is not None) or (starter and (name or kind)):
        raise InputError(
            "Pass either a URL (with --name or --kind if needed) or --starter alone, e.g. "
            "`roleatlas sources add https://jobs.lever.co/acme` or `roleatlas sources add "
            "--starter`."
        )
    with _store(ctx) as store:
        if url is None:
            result = add_starter(store)
            if as_json:
                _print_json({"added": result.added, "skipped": result.skipped})
                return
            out.print(
                _text(
                    f"Added {len(result.added)} starter sources (unverified until their first "
                    f"fetch); already present: {len(result.skipped)}."
                )
            )
            return
        source = add_source(store, url, name=name, kind=kind)
    if as_json:
        _print_json(source_summary(source))
        return
    out.print(
        _text(f"Added {source.name} ({source.kind}, {source.display_name}): {source.api_url}")
    )


def _counts(counts: dict[str, Any]) -> str:
    return " ".join(f"{key} {value}" for key, value in counts.items())


@sources_app.command("list")
def sources_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the sources as JSON.")] = False,
) -> None:
    """Show each source with its last run, counts, open postings, last error and next due."""
    from roleatlas.collect.registry import list_sources, source_summary

    with _store(ctx) as store:
        sources = list_sources(store)
    if as_json:
        _print_json([source_summary(s) for s in sources])
        return
    if not sources:
        out.print("No sources yet. Add one with `roleatlas sources add URL` or `--starter`.")
        return
    table = Table(title=f"Sources ({len(sources)})")
    for column in (
        "name", "kind", "display name", "verified", "last run", "counts", "postings (open)",
        "last error", "next due",
    ):  # fmt: skip
        # folded, not cut with an ellipsis: every value stays readable in a narrow terminal
        table.add_column(column, overflow="fold", no_wrap=column == "name")
    for s in sources:
        opened = "" if s.open_postings is None else f" ({s.open_postings:,})"
        due = "disabled" if not s.enabled else s.next_due_at or "now"
        table.add_row(
            _text(s.name),
            _text(s.kind),
            _text(s.display_name or ""),
            "yes" if s.verified else "no",
            _text(f"{s.last_run_at} {s.last_status or ''}" if s.last_run_at else "never"),
            _text(_counts(s.last_counts)),
            f"{s.postings:,}{opened}",
            _text(s.last_error or ""),
            _text(due),
        )
    out.print(table)


@sources_app.command("remove")
def sources_remove(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Source name, as `sources list` shows it.")],
) -> None:
    """Remove a source; the postings collected from it stay in the store."""
    from roleatlas.collect.registry import remove_source

    with _store(ctx) as store:
        removed = remove_source(store, name)
    out.print(
        _text(
            f"Removed the source {removed.name}. Its {removed.postings:,} postings stay in the "
            "store."
        )
    )


@app.command()
def collect(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None, typer.Argument(help="Sources to collect (default: every due one).")
    ] = None,
    every: Annotated[
        str | None,
        typer.Option(help="Keep running: collect again after this period (e.g. 6h, 30m, 1d)."),
    ] = None,
    dedup: Annotated[
        bool, typer.Option("--dedup", help="Then mark duplicate postings (roleatlas dedup).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
) -> None:
    """Fetch every due source (or those named), store new and changed postings, close the
    ones a board no longer lists, and update the search index."""
    import time

    from roleatlas.collect.http import Fetcher
    from roleatlas.collect.run import collect as run_collect
    from roleatlas.collect.schedule import parse_period
    from roleatlas.pipeline.dedup_run import dedup_store

    settings: Settings = ctx.obj
    period = parse_period(every) if every is not None else None
    while True:
        with _store(ctx) as store, Fetcher(settings) as fetcher:
            results = run_collect(
                store,
                names=names or None,
                fetcher=fetcher,
                limits=settings.limits,
                batch_size=settings.batch_size,
            )
            indexed, index_error = _sync_search_index(store, settings)
            jobs = dedup_store(store).to_dict() if dedup else None
        _print_collect([r.to_dict() for r in results], indexed, index_error, as_json, jobs)
        failed = sum(r.status == "error" for r in results)
        if period is None:
            if results and failed == len(results):
                raise typer.Exit(1)
            return
        err.print(_text(f"Next collect in {every} (Ctrl+C stops)."))
        time.sleep(period)


@app.command()
def dedup(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Find postings that are the same job (another board, a repost) and count each job
    once in every role figure; job pages list all its postings."""
    from roleatlas.pipeline.dedup_run import dedup_store

    with _store(ctx) as store:
        summary = dedup_store(store)
    if as_json:
        _print_json(summary.to_dict())
        return
    out.print(
        f"{summary.postings:,} postings form {summary.clusters:,} jobs: "
        f"{summary.multi:,} jobs appear more than once, {summary.duplicates:,} postings are "
        f"counted once with their job ({summary.seconds:.1f} s)."
    )


@app.command()
def batch(
    ctx: typer.Context,
    inputs: Annotated[
        list[Path], typer.Argument(help="Input shards: files ingest reads (JSONL, CSV …).")
    ],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the Parquet tables.")],
    engine: Annotated[
        str, typer.Option(help="spark (PySpark; needs Java 17+) or local (this process).")
    ] = "spark",
    master: Annotated[
        str | None,
        typer.Option(help="Spark master URL (default local[*]; spark-submit sets its own)."),
    ] = None,
    format: Annotated[
        str | None, typer.Option("--format", help="Force one input format (as ingest).")
    ] = None,
    no_extract: Annotated[
        bool, typer.Option("--no-extract", help="Normalize only (no skills, education …).")
    ] = False,
    dedup: Annotated[
        bool,
        typer.Option("--dedup", help="Also mark duplicate postings, as 'roleatlas dedup' does."),
    ] = False,
    spans: SpansOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the manifest as JSON.")] = False,
) -> None:
    """Run parse → normalize → extract over shards as Spark tasks (or locally) and write the
    store's tables as Parquet (plus aggregates); 'roleatlas load OUT' brings them in."""
    from roleatlas.pipeline.batch import BatchOptions, run_batch

    settings: Settings = ctx.obj
    options = BatchOptions(format=format, extract=not no_extract, spans=spans,
                           limits=settings.limits, batch_size=settings.batch_size)  # fmt: skip
    manifest = run_batch(
        inputs, out_dir, engine=engine, master=master, options=options, dedup=dedup
    )
    if as_json:
        _print_json(manifest)
        return
    for name, entry in manifest["tables"].items():
        out.print(f"{entry['rows']:>12,}  {name:<28} {out_dir / entry['file']}")
    run = manifest["batch"]
    out.print(
        f"{len(run['shards'])} shards on {run['engine']}: map {run['map_seconds']} s, reduce "
        f"{run['reduce_seconds']} s. Load with: roleatlas load {out_dir}"
    )


@app.command()
def export(
    ctx: typer.Context,
    out_dir: Annotated[Path, typer.Argument(help="Folder to write the tables into.")],
    format: Annotated[
        str, typer.Option("--format", help="parquet (typed; needs pyarrow) or csv.")
    ] = "parquet",
    tables: Annotated[
        list[str] | None,
        typer.Option("--table", help="Only this table (repeatable; default: every table)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the manifest as JSON.")] = False,
) -> None:
    """Write the store's tables (postings, mentions, requirements, duties, reference data) as
    Parquet or CSV files plus manifest.json, for DuckDB, Polars, pandas or Spark."""
    from roleatlas.store.exchange import export_tables

    with _store(ctx) as store:
        manifest = export_tables(store, out_dir, format=format, tables=tables)
    if as_json:
        _print_json(manifest)
        return
    for name, entry in manifest["tables"].items():
        out.print(f"{entry['rows']:>12,}  {name:<28} {out_dir / entry['file']}")
    out.print(f"Schemas: {out_dir / 'manifest.json'} (docs/export.md describes every column).")


@app.command()
def load(
    ctx: typer.Context,
    in_dir: Annotated[
        Path, typer.Argument(help="A folder from 'roleatlas export' or 'roleatlas batch'.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Load Parquet tables (an export, or batch output) into an empty store, in one
    transaction."""
    from roleatlas.store.exchange import load_tables

    with _store(ctx) as store:
        loaded = load_tables(store, in_dir)
    if as_json:
        _print_json(loaded)
        return
    for name, rows in loaded.items():
        out.print(f"{rows:>12,}  {name}")


def _print_collect(
    rows: list[dict[str, Any]],
    indexed: int | None,
    index_error: str | None,
    as_json: bool,
    jobs: dict[str, Any] | None = None,
) -> None:
    if as_json:
        data: dict[str, Any] = {"sources": rows, "indexed": indexed, "index_error": index_error}
        if jobs is not None:
            data["dedup"] = jobs
        _print_json(data)
        return
    if jobs is not None:
        err.print(
            f"Dedup: {jobs['postings']:,} postings form {jobs['clusters']:,} jobs "
            f"({jobs['duplicates']:,} postings counted once with their job)."
        )
    if not rows:
        out.print("No source is due. `roleatlas sources list` shows when each is due.")
        return
    columns = ("fetched", "new", "updated", "unchanged", "closed", "rejected", "open")
    table = Table(title=f"Collect ({len(rows)} sources)")
    table.add_column("source", overflow="fold")
    table.add_column("status")
    for column in columns:
        table.add_column(column, justify="right")
    table.add_column("s", justify="right")
    for row in rows:
        table.add_row(
            _text(row["name"]),
            _text(row["status"]),
            *(f"{row[c]:,}" for c in columns),
            f"{row['seconds']:.1f}",
        )
    out.print(table)
    for row in rows:
        for problem in row["errors"]:
            out.print(_text(f"{row['name']}: {problem}"))
    _warn_index(index_error)


def _hoist_home(argv: list[str]) -> list[str]:
    """Accept ``--home DIR`` after the command name too, by moving it before the command."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg.startswith("--home=") and i > 0:
            return [arg, *argv[:i], *argv[i + 1 :]]
        if arg == "--home" and i > 0 and i + 1 < len(argv):
            return [arg, argv[i + 1], *argv[:i], *argv[i + 2 :]]
    return argv


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the CLI and turns every :class:`RoleatlasError` into a clear message."""
    args = _hoist_home(list(sys.argv[1:] if argv is None else argv))
    try:
        app(args=args, prog_name="roleatlas")
    except RoleatlasError as exc:
        # as Text: messages quote data and fixes such as pip install 'roleatlas[semantic]'
        err.print(Text("Error: ", style="red") + _text(exc), highlight=False)
        sys.exit(1)
