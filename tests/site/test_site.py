"""`ctt site`: a static site of every report; public (no telephone, fax or email); every link
resolves; the change pages mark words; a second build writes nothing; a change to one report
rewrites only the pages that show it."""

from __future__ import annotations

import json
import os
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import Run
from sitecheck import UNIQUE_WORD, contact_details, make_site_repo, parse, texts_of

RunCtt = Callable[..., Run]
REPORTS = ["japan-2023", "mexico-2024", "peru-2019", "peru-2021", "viet-nam-2020", "viet-nam-2022"]


@pytest.fixture
def site_repo(empty_repo: Path) -> Path:
    """A repository of made-up reports of four economies, viet-nam in two years."""
    return make_site_repo(empty_repo)


def build(run_ctt: RunCtt, repo: Path, *args: str) -> Run:
    run = run_ctt(repo, "site", *args)
    assert "Traceback" not in run.output
    return run


@pytest.fixture
def site(site_repo: Path, run_ctt: RunCtt) -> Path:
    """The public site of the repository, built into build/site/."""
    run = build(run_ctt, site_repo)
    assert run.exit_code == 0, run.output
    assert run.stderr == ""  # no progress bar when not on a terminal
    return site_repo / "build" / "site"


def files(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file under a folder: its modification time and bytes."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def resolve(page: str, href: str) -> tuple[str, str]:
    """A relative link from a page: the target's path from the site's root, and #fragment."""
    parts = urlsplit(href)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    return (page if not parts.path else target), parts.fragment


def test_every_report_is_reachable_from_the_index(site: Path) -> None:
    seen, todo = set(), ["index.html"]
    while todo:
        page = todo.pop()
        if page in seen or not page.endswith(".html"):
            continue
        seen.add(page)
        for href in parse(site / page).links:
            if not urlsplit(href).scheme:
                todo.append(resolve(page, href)[0])
    for name in REPORTS:
        assert f"reports/{name}.html" in seen
    every_page = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert every_page == seen  # no page is an orphan


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    pages = {p.relative_to(site).as_posix(): parse(p) for p in site.rglob("*.html")}
    broken = []
    for name, page in pages.items():
        for href in page.links + page.loads:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https"):
                assert href in page.links, f"{name} loads {href} from the network"
                continue
            assert not parts.scheme and not href.startswith("/"), f"{name}: {href} is not relative"
            target, fragment = resolve(name, href)
            if not (site / target).is_file():
                broken.append(f"{name}: {href}")
            elif fragment and target.endswith(".html") and fragment not in pages[target].ids:
                broken.append(f"{name}: {href} (no such anchor)")
    assert broken == []


def test_pages_are_valid_and_accessible_html(site: Path) -> None:
    for path in site.rglob("*.html"):
        page = parse(path)
        name = path.relative_to(site).as_posix()
        assert page.lang == "en" and page.charset and page.viewport, name
        assert len(page.ids) == len(set(page.ids)), f"{name}: ids not unique"
        for landmark in ("header", "nav", "main", "footer"):
            assert landmark in page.tags, f"{name}: no <{landmark}>"
        assert page.headings[0] == 1 and page.headings.count(1) == 1, name
        for before, after in zip(page.headings, page.headings[1:], strict=False):
            assert after <= before + 1, f"{name}: h{before} then h{after}"
        text = path.read_text(encoding="utf-8")
        assert 'href="#main"' in text and 'id="main"' in text  # the skip link
        assert re.search(r'<label for="site-search">', text)


def test_no_telephone_fax_or_email_is_published(site_repo: Path, site: Path) -> None:
    details = contact_details(site_repo)
    assert {"a1.officer@example.org", "+84 24 5550 0101", "+84 24 5550 0102"} <= details
    kinds = {p.suffix for p in site.rglob("*") if p.is_file()}
    assert {".html", ".docx", ".md", ".js", ".json"} <= kinds
    for path in site.rglob("*"):
        if path.is_file():
            text = texts_of(path)
            leaked = [d for d in details if d in text]
            assert leaked == [], f"{path.relative_to(site)} publishes {leaked}"
    assert "Lan Example A1" in (site / "reports" / "viet-nam-2022.html").read_text()


def test_the_internal_site_has_the_contacts_in_its_own_folder(
    site_repo: Path, site: Path, run_ctt: RunCtt
) -> None:
    run = build(run_ctt, site_repo, "--with-contacts")
    assert run.exit_code == 0, run.output
    internal = site_repo / "build" / "site-internal"
    page = (internal / "reports" / "viet-nam-2022.html").read_text()
    assert "+84 24 5550 0101" in page and "a1.officer@example.org" in page
    assert "Do not publish" in page
    assert (internal / "reports" / "viet-nam-2022.docx").is_file()
    assert "+84 24 5550 0102" in texts_of(internal / "reports" / "viet-nam-2022.docx")
    # Never one over the other.
    mixed = build(run_ctt, site_repo, "--with-contacts", "--out", str(site))
    assert mixed.exit_code == 2
    assert "never mix" in mixed.stderr and mixed.stderr.count("\n") == 1
    assert "5550" not in (site / "reports" / "viet-nam-2022.html").read_text()


def test_the_report_page_is_the_rendered_report(
    site_repo: Path, site: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    out = tmp_path / "render"
    args = ("render", "viet-nam", "2022", "--format", "html", "--redact", "contacts")
    assert run_ctt(site_repo, *args, "--out", str(out)).exit_code == 0
    rendered = (out / "viet-nam-2022-public.html").read_text()
    body = rendered.split("<body>\n", 1)[1].split("</body>", 1)[0]
    page = (site / "reports" / "viet-nam-2022.html").read_text()
    assert body in page
    run = run_ctt(site_repo, *args[:3], "--format", "md", "--redact", "contacts", "--out", str(out))
    assert run.exit_code == 0, run.output
    markdown = (out / "viet-nam-2022-public.md").read_bytes()
    assert (site / "reports" / "viet-nam-2022-public.md").read_bytes() == markdown
    assert 'href="../changes/viet-nam-2020-2022.html"' in page
    assert 'href="viet-nam-2020.html"' in page
    assert 'href="viet-nam-2022-public.docx"' in page
    assert 'href="viet-nam-2022-public.md"' in page


def test_the_change_page_shows_the_reworded_item(site: Path) -> None:
    page = (site / "changes" / "viet-nam-2020-2022.html").read_text()
    section = page.split('<h2 id="change-a2-title">')[1].split("</section>")[0]
    changed = re.findall(r'<li class="change changed">(.*?)</li>', section)
    assert changed == [
        '<span class="kind">Changed</span> '
        "Port facility security plans reviewed <ins>and approved</ins> again"
    ]
    assert f"<ins>{UNIQUE_WORD} drill" in page
    assert "<del>" in (site / "changes" / "peru-2019-2021.html").read_text()


def test_the_index_lists_every_economy(site: Path) -> None:
    index = (site / "index.html").read_text()
    for name in ("Japan", "Mexico", "Peru", "Viet Nam"):
        assert f">{name}</a>" in index
    silent = index.split('id="no-report"')[1]
    assert "Australia" in silent and "Chile" in silent and "Japan" not in silent
    assert "updated 15 March 2022" in index and "31%" in index


def test_documentation_and_readme_are_shown_without_raw_html(site: Path) -> None:
    doc = (site / "docs" / "report-format.html").read_text()
    assert "<h1" in doc and "The report format" in doc and "<table>" in doc
    economy = (site / "economies" / "viet-nam.html").read_text()
    assert "&lt;script&gt;alert" in economy and "<script>alert" not in economy
    assert 'href="https://example.org/catalogue"' in economy
    assert "javascript:" not in economy.replace("[A trap](javascript:alert(1))", "")


def test_the_search_index_finds_items_sections_and_reports(site: Path) -> None:
    text = (site / "search-index.js").read_text()
    data = json.loads(text.split(" = ", 1)[1].rstrip(";\n"))
    found = {}
    for _kind, entry, where in data["entries"]:
        found[entry] = [(data["pages"][p][0], data["places"][q][0] if q >= 0 else "")
                        for p, q in zip(where[::2], where[1::2], strict=True)]  # fmt: skip
    tamarind = [k for k in found if UNIQUE_WORD in k]
    assert found[tamarind[0]] == [("reports/viet-nam-2022.html", "a3-measures_planned")]
    assert ("reports/peru-2021.html", "section-a1") in found["A.1 Protect Cargo"]
    assert found["Peru 2021"] == [("reports/peru-2021.html", "")]


def test_a_second_build_writes_nothing(site_repo: Path, site: Path, run_ctt: RunCtt) -> None:
    before = files(site)
    run = build(run_ctt, site_repo)
    assert run.exit_code == 0
    assert run.stdout.startswith(f"site: 0 pages written, {len(before) - 1} unchanged")
    assert files(site) == before


def test_a_changed_report_rewrites_only_its_pages(
    site_repo: Path, site: Path, run_ctt: RunCtt
) -> None:
    before = files(site)
    path = site_repo / "economies/viet-nam/2022/a3-protect-international-aviation.yaml"
    path.write_text(path.read_text().replace("Tamarind drill", "Tamarind exercise"))
    run = build(run_ctt, site_repo)
    assert run.exit_code == 0, run.output
    after = files(site)
    rewritten = {name for name in after if after[name] != before.get(name)}
    must = {
        "reports/viet-nam-2022.html",
        "reports/viet-nam-2022-public.md",
        "reports/viet-nam-2022-public.docx",
        "changes/viet-nam-2020-2022.html",
        "search-index.js",
        ".ctt-site.json",
    }
    may = must | {"economies/viet-nam.html", "index.html"} | {n for n in after if "region/" in n}
    assert must <= rewritten <= may
    assert run.stdout.startswith(f"site: {len(rewritten) - 1} pages written")
    assert "Tamarind exercise" in (site / "reports/viet-nam-2022.html").read_text()


def test_a_report_with_errors_is_left_out(site_repo: Path, run_ctt: RunCtt) -> None:
    path = site_repo / "economies/peru/2021/a1-protect-cargo.yaml"
    path.write_text(path.read_text().replace("measures_planned:", "measures_plannd:"))
    run = build(run_ctt, site_repo)
    assert run.exit_code == 1
    assert "a1-protect-cargo.yaml:" in run.stderr and "[unknown-key]" in run.stderr
    assert "ctt: error: peru 2021 has 2 error(s); not included" in run.stderr
    site = site_repo / "build" / "site"
    assert not (site / "reports/peru-2021.html").exists()
    assert (site / "reports/peru-2019.html").is_file()
    assert "left out, with errors: 2021" in (site / "index.html").read_text()
    again = build(run_ctt, site_repo)  # still said, though nothing is rebuilt
    assert again.exit_code == 1 and again.stderr == run.stderr


def test_pages_of_a_removed_report_are_removed(
    site_repo: Path, site: Path, run_ctt: RunCtt
) -> None:
    import shutil

    shutil.rmtree(site_repo / "economies/viet-nam/2022")
    (site / "keep.txt").write_text("a file of the user's")
    run = build(run_ctt, site_repo)
    assert run.exit_code == 0
    assert not (site / "reports/viet-nam-2022.html").exists()
    assert not (site / "changes/viet-nam-2020-2022.html").exists()
    assert (site / "keep.txt").is_file() and (site / "reports/viet-nam-2020.html").is_file()
    assert re.search(r", 5 removed \(", run.stdout)


def test_a_forged_manifest_removes_nothing_outside_the_site(
    site_repo: Path, site: Path, run_ctt: RunCtt
) -> None:
    manifest = site / ".ctt-site.json"
    data = json.loads(manifest.read_text())
    victim = site_repo / "economies/japan/2023/report.yaml"
    for path in ("../../economies/japan/2023/report.yaml", str(victim), "reports/../../x"):
        data["pages"][path] = ["x", 1, 1]
    manifest.write_text(json.dumps(data))
    assert build(run_ctt, site_repo).exit_code == 0
    assert victim.is_file()


def test_site_refuses_to_write_into_the_reports(site_repo: Path, run_ctt: RunCtt) -> None:
    run = build(run_ctt, site_repo, "--out", str(site_repo / "economies" / "site"))
    assert run.exit_code == 2 and "refusing to write into economies/" in run.stderr


def test_a_link_inside_the_site_folder_is_not_written_through(
    site_repo: Path, site: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for path in (site / "changes").iterdir():
        path.unlink()
    (site / "changes").rmdir()
    os.symlink(elsewhere, site / "changes")
    run = build(run_ctt, site_repo)
    assert run.exit_code == 2 and "symbolic link" in run.stderr
    assert list(elsewhere.iterdir()) == []


def test_word_downloads_made_on_several_cores_are_the_same(
    site_repo: Path, site: Path, run_ctt: RunCtt, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from ctt.site import workers

    monkeypatch.setattr(workers, "PARALLEL_MIN", 1)  # the made-up reports are few
    out = tmp_path / "parallel"
    run = build(run_ctt, site_repo, "--jobs", "2", "--out", str(out))
    assert run.exit_code == 0, run.output
    made = {name: data for name, (_, data) in files(out).items()}
    alone = {name: data for name, (_, data) in files(site).items()}
    del made[".ctt-site.json"], alone[".ctt-site.json"]  # file times differ
    assert made == alone
