"""National programs that run local in-person groups (NAMI, DBSA, GriefShare, AA, Al-Anon, Vet Centers…): the
``local_groups`` column end to end. Offered to a person who wants in person as "in person near you: find your
local group on their site": no distance, no map dot, the program's own page linked; checked by the directory,
worded by the catalog, written in the shortlist CSV."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from matcher import Answers, geocode, load_directory, rank_listings, shortlist_csv, spots, words_for
from tests.conftest import NO_PLACE_OR_TIME, NOW, ROOT, WriteDirectory, row

FINDER = "https://www.example-program.org/find-a-group"
#: a national program that runs local groups: no address, no coordinates, its own page of local groups
LOCAL = row(
    **NO_PLACE_OR_TIME,
    id="local",
    name="Example Family Program",
    formats="in_person;online",
    accessibility="",
    url="https://www.example-program.org",
    local_groups=FINDER,
)
ONLINE = row(**NO_PLACE_OR_TIME, id="online", name="Example Online Forum", formats="online")


def test_a_program_with_local_groups_loads_without_a_place(write_directory: WriteDirectory) -> None:
    """In person with no coordinates or ZIP code is fine when the row names the page of its local groups."""
    result = load_directory(write_directory([LOCAL]), today=NOW.date())
    assert result.problems == []
    g = result.directory.listing(0)
    assert g.local_groups == FINDER and "in_person" in g.formats and g.latitude is None


@pytest.mark.parametrize(
    ("cells", "says"),
    [
        ({"local_groups": "javascript:alert(1)"}, "http"),
        ({"local_groups": "www example org"}, "not a link"),
        ({"local_groups": ""}, "no coordinates"),  # in person, no place and no page of local groups
    ],
)
def test_a_bad_local_groups_cell_is_a_problem_on_its_row(
    write_directory: WriteDirectory, cells: dict[str, str], says: str
) -> None:
    """A link that is not http(s), or an in-person row with neither a place nor local groups, is refused by name."""
    result = load_directory(write_directory([row(**{**LOCAL, **cells}), row(id="ok")]), today=NOW.date())
    assert list(result.directory.frame["id"]) == ["ok"]
    assert len(result.problems) == 1 and says in result.problems[0].message, result.problems
    assert result.problems[0].column in {"local_groups", "latitude"}


def test_local_groups_without_in_person_is_said_and_kept(write_directory: WriteDirectory) -> None:
    """A page of local groups on a listing that is not in person says so; the listing stays (nothing good lost)."""
    result = load_directory(write_directory([row(**{**LOCAL, "formats": "online"})]), today=NOW.date())
    assert list(result.directory.frame["id"]) == ["local"]
    assert [p.column for p in result.problems] == ["local_groups"] and result.problems[0].kept


def test_a_person_who_wants_in_person_is_offered_the_local_groups(
    write_directory: WriteDirectory, now: datetime
) -> None:
    """Only in person, 10 miles around Chicago: the program with local groups is a match with no distance and
    the local-groups reason (never hidden as too far or as online only); the online-only forum is hidden."""
    d = load_directory(write_directory([LOCAL, ONLINE]), today=now.date()).directory
    answers = Answers(formats=["in_person"], location="Chicago, IL", max_distance_miles=10)
    ranking = rank_listings(d, answers, geocode("Chicago, IL"), now=now)
    assert [m.listing.id for m in ranking.matches] == ["local"]
    m = ranking.matches[0]
    assert m.distance_miles is None and m.attend == ("in_person",)
    assert "local_groups" in [r.code for r in m.reasons]
    assert "In person near you: find your local group on their site" in words_for("en").reasons(m.reasons)
    assert spots(ranking.matches) == []  # no map dot
    # on the map's ranking (placed listings only) it takes no place from a real dot
    placed = rank_listings(d, answers, geocode("Chicago, IL"), now=now, placed_only=True)
    assert placed.matches == []


def test_someone_who_gave_no_place_is_not_told_the_local_groups_are_near_them(
    write_directory: WriteDirectory, now: datetime
) -> None:
    """In person but no place said (a person who skipped the Where step): the reason does not say "near you",
    which they never told us, and asks where they are instead, in both languages."""
    d = load_directory(write_directory([LOCAL]), today=now.date()).directory
    m = rank_listings(d, Answers(formats=["in_person"]), None, now=now).matches[0]
    english, spanish = words_for("en").reasons(m.reasons), words_for("es").reasons(m.reasons)
    assert "In person: find a local group on their site (say where you are to see places near you)" in english
    assert not any("near you:" in r for r in english)
    assert not any("cerca de usted:" in r for r in spanish)
    assert any(r.startswith("En persona: busque un grupo local") for r in spanish)


def test_someone_online_only_is_not_told_about_local_groups(write_directory: WriteDirectory, now: datetime) -> None:
    """Online only: the same program is offered online, with the online reason, not the local-groups one."""
    d = load_directory(write_directory([LOCAL]), today=now.date()).directory
    m = rank_listings(d, Answers(formats=["online"]), None, now=now).matches[0]
    assert m.attend == ("online",) and "local_groups" not in [r.code for r in m.reasons]


def test_the_shortlist_csv_says_where_to_find_the_local_group(write_directory: WriteDirectory, now: datetime) -> None:
    """The Where cell of the download names the page of local groups, in English and Spanish."""
    d = load_directory(write_directory([LOCAL]), today=now.date()).directory
    m = rank_listings(d, Answers(formats=["in_person"]), geocode("Chicago, IL"), now=now).matches[0]
    for lang, words in (("en", "find your local group on their site"), ("es", "busque su grupo local")):
        text = shortlist_csv([m], words_for(lang)).decode("utf-8-sig")
        where = next(csv.reader(io.StringIO(text.splitlines()[1])))[5]
        assert words in where and FINDER in where, where


def test_the_bundled_programs_that_run_local_groups_say_so() -> None:
    """NAMI, DBSA, GriefShare, The Compassionate Friends, AA, Al-Anon, SMART Recovery and the Vet Centers are
    in person through their local groups, linking a page already in the data; online-only ones are not."""
    d = load_directory(ROOT / "data" / "groups.csv").directory
    by_id = {d.listing(i).id: d.listing(i) for i in range(len(d)) if not d.frame["id"].iat[i].startswith("samhsa-")}
    for pid in ("nami-connection", "nami-family", "dbsa-groups", "griefshare", "compassionate-friends", "aa"):
        g = by_id[pid]
        assert "in_person" in g.formats and g.local_groups == g.url, pid
    for pid in ("al-anon", "smart-recovery", "vet-centers"):
        assert "in_person" in by_id[pid].formats and by_id[pid].local_groups, pid
    for pid in ("seven-cups", "trevorspace", "alliance-of-hope", "adaa-community"):
        assert by_id[pid].local_groups == "" and "in_person" not in by_id[pid].formats, pid


def _matches_page(answers: Answers) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.session_state["answers"] = answers
    at.switch_page("pages/matches.py").run()
    assert not at.exception
    return at


def test_a_widower_who_wants_in_person_gets_grief_programs_near_him(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rural Iowa, in person only, grief: GriefShare and The Compassionate Friends are offered as local groups
    near him ("In person near you"), with a button to their own page, no distance and no "Online" label."""
    monkeypatch.delenv("SGF_DIRECTORY", raising=False)
    at = _matches_page(Answers(focus=["grief"], formats=["in_person"], location="52101", age=68))
    names = [str(s.value).replace("\\", "") for s in at.subheader]
    assert "GriefShare" in names and "The Compassionate Friends" in names, names
    page = "\n".join(str(m.value) for m in at.markdown)
    assert "In person near you\\:\u2060 find your local group on their site" in page  # as esc() makes it inert
    assert "**Where:** near you, at a local group their site lists" in page
    finders = {b.proto.url for b in at.get("link_button") if b.proto.label == "Find your local group"}
    assert {"https://www.griefshare.org", "https://www.compassionatefriends.org"} <= finders, finders


def test_the_vet_centers_card_says_in_person(monkeypatch: pytest.MonkeyPatch) -> None:
    """A veteran who takes part in person: Vet Centers read "In person", never "Online" only."""
    monkeypatch.delenv("SGF_DIRECTORY", raising=False)
    at = _matches_page(
        Answers(focus=["ptsd_trauma"], communities=["veterans"], formats=["in_person"], location="52101")
    )
    names = [str(s.value).replace("\\", "") for s in at.subheader]
    assert "Vet Centers (readjustment counseling)" in names, names
    cards = [str(m.value) for m in at.markdown if "**How:**" in str(m.value)]
    vet = cards[names.index("Vet Centers (readjustment counseling)")]
    assert "**How:** In person" in vet, vet


def test_the_card_links_the_page_of_local_groups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The card's button opens the program's page of local groups; its own site stays a Website button."""
    from tests.conftest import write_rows

    monkeypatch.setenv("SGF_DIRECTORY", str(write_rows(tmp_path / "g.csv", [LOCAL])))
    at = _matches_page(Answers(formats=["in_person"], location="Chicago, IL"))
    buttons = {b.proto.label: b.proto.url for b in at.get("link_button")}
    assert buttons["Find your local group"] == FINDER and buttons["Website"] == "https://www.example-program.org"
    assert " mi, " not in "\n".join(str(m.value) for m in at.markdown)  # no distance
