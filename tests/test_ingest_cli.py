"""``kjus ingest`` and ``kjus review`` on the command line: output, errors, and what they wrote."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
from click.testing import CliRunner

from graph.cli import main
from graph.ingest import review_source

DATA = Path(__file__).parent / "data" / "ingest"


def _ingest(*args: str):
    return CliRunner().invoke(main, ["ingest", *args])


def test_ingest_writes_the_draft_and_the_text_and_says_what_to_do_next(tmp_path):
    out = tmp_path / "sources" / "010_ko.trig"
    result = _ingest(str(DATA / "ko_robotics.txt"), "--date", "2026-01-05", "--out", str(out),
                     "--title", "한미일 AI 반도체 협력", "--url", "https://example.org/news/1")
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output and f"next: kjus review {out}" in result.output
    assert (out.parent / "010_ko.txt").read_bytes() == (DATA / "ko_robotics.txt").read_bytes()
    quads = list(ox.parse(path=str(out), format=ox.RdfFormat.TRIG))
    titles = [q.object.value for q in quads if q.predicate.value == "http://purl.org/dc/terms/title"]
    urls = [q.object.value for q in quads if q.predicate.value == "https://schema.org/url"]
    assert titles == ["한미일 AI 반도체 협력"] and urls == ["https://example.org/news/1"]


def test_ingest_numbers_new_sources_after_the_existing_ones(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "004_existing.trig").write_text("", encoding="utf-8")
    article = tmp_path / "a.txt"
    shutil.copy(DATA / "en_safety.txt", article)
    from graph.ingest import next_source_stem
    from graph.sources import sha256_text

    sha = sha256_text(article.read_text(encoding="utf-8"))
    assert next_source_stem(folder, sha) == f"005_{sha[:16]}"


def test_missing_article_is_an_error_line(tmp_path):
    result = _ingest(str(tmp_path / "nope.txt"), "--date", "2025-10-01", "--out", str(tmp_path / "x.trig"))
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {tmp_path / 'nope.txt'}: no such article file; give the path of a UTF-8 text file"


def test_bad_date_is_an_error_line(tmp_path):
    result = _ingest(str(DATA / "en_safety.txt"), "--date", "2025-13-45", "--out", str(tmp_path / "x.trig"))
    assert result.exit_code == 1
    assert result.output.strip() == ("Error: --date 2025-13-45 is not a date: write the article's publication date "
                                     "as YYYY-MM-DD, e.g. 2025-10-01")
    assert not (tmp_path / "x.trig").exists()


def test_missing_date_or_article_is_a_usage_error(tmp_path):
    result = _ingest(str(DATA / "en_safety.txt"))
    assert result.exit_code == 2 and "--date YYYY-MM-DD" in result.output
    result = _ingest("--date", "2025-10-01")
    assert result.exit_code == 2 and "ARTICLE" in result.output


def test_an_existing_source_is_never_overwritten_without_force(tmp_path):
    out = tmp_path / "011_en.trig"
    assert _ingest(str(DATA / "en_safety.txt"), "--date", "2026-01-02", "--out", str(out)).exit_code == 0
    out.write_text(out.read_text(encoding="utf-8") + "# curated by hand\n", encoding="utf-8")
    again = _ingest(str(DATA / "en_safety.txt"), "--date", "2026-01-02", "--out", str(out))
    assert again.exit_code == 1 and "already exists" in again.output and "--force" in again.output
    assert out.read_text(encoding="utf-8").endswith("# curated by hand\n")
    other = _ingest(str(DATA / "en_safety.txt"), "--date", "2026-01-02", "--out", str(tmp_path / "012_en.trig"))
    assert other.exit_code == 1 and "already ingested as" in other.output   # the same text, by its SHA-256
    forced = _ingest(str(DATA / "en_safety.txt"), "--date", "2026-01-02", "--out", str(out), "--force")
    assert forced.exit_code == 0
    assert not out.read_text(encoding="utf-8").endswith("# curated by hand\n")


def test_review_prints_statements_beside_their_sentences(tmp_path):
    out = tmp_path / "013_en.trig"
    assert _ingest(str(DATA / "en_safety.txt"), "--date", "2026-01-02", "--out", str(out)).exit_code == 0
    result = CliRunner().invoke(main, ["review", str(out)])
    assert result.exit_code == 0, result.output
    text = result.output
    assert "DRAFT" in text and "NEW:" in text and "DECIDE:" in text and "why:" in text
    assert "“Prime Minister Shigeru Ishiba visited Seoul last month and met President Lee Jae-myung”" in text
    assert text.rstrip().endswith("(kjus build refuses drafts without --drafts).")
    as_json = json.loads(CliRunner().invoke(main, ["review", str(out), "--format", "json"]).output)
    assert as_json["drafts"] == len(as_json["items"]) == len(review_source(out).items)


def test_review_of_a_missing_or_broken_file_is_an_error_line(tmp_path):
    result = CliRunner().invoke(main, ["review", str(tmp_path / "none.trig")])
    assert result.exit_code == 1 and result.output.startswith("Error: ") and "no such source file" in result.output
    broken = tmp_path / "broken.trig"
    broken.write_text("<urn:g> { <urn:a> <urn:b> ", encoding="utf-8")
    result = CliRunner().invoke(main, ["review", str(broken)])
    assert result.exit_code == 1 and "does not parse" in result.output


def test_a_reviewed_statement_is_no_longer_a_draft(tmp_path):
    out = tmp_path / "014_en.trig"
    assert _ingest(str(DATA / "en_safety.txt"), "--date", "2026-01-02", "--out", str(out)).exit_code == 0
    before = review_source(out)
    text = out.read_text(encoding="utf-8")
    first = text.index("kj:draft true ;")
    out.write_text(text[:first] + text[first + len("kj:draft true ;"):], encoding="utf-8")
    after = review_source(out)
    assert after.drafts == before.drafts - 1
    assert [i.draft for i in after.items][-1] is False   # reviewed statements are listed after the drafts
