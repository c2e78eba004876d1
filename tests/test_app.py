"""The Streamlit app through AppTest: every page, the full journey, the safety route, relaxing, bad places."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from matcher import Answers, geocode, load_directory, rank_listings
from tests.conftest import PAGES, ROOT, row, write_rows
from ui import session

APP = str(ROOT / "app.py")
CRISIS = "In immediate danger: call [911](tel:911)"


@pytest.fixture(autouse=True)
def bundled_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts on the bundled directory. Nothing to clear: the app caches the directory per file
    path and version (st.cache_resource), so a test's own SGF_DIRECTORY is a different entry."""
    monkeypatch.delenv("SGF_DIRECTORY", raising=False)


def app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [i.value for i in at.info] + [e.value for e in at.error]
    parts += [s.value for s in at.success] + [w.value for w in at.warning]
    parts += [c.value for c in at.caption] + [s.value for s in at.header] + [t.value for t in at.title]
    return "\n".join(str(p) for p in parts)


def card_names(at: AppTest) -> list[str]:
    """The listing names on the page, in order (each card's heading, unescaped)."""
    return [str(s.value).replace("\\", "") for s in at.subheader]


def answer_questionnaire(at: AppTest, *, danger: str = "No", location: str = "Chicago, IL") -> AppTest:
    at.switch_page("pages/questionnaire.py").run()
    at.radio[0].set_value(danger).run()
    next_button = lambda: next(b for b in at.button if b.label == "Next")  # noqa: E731
    next_button().click().run()  # -> what brings you
    at.pills[0].set_value(["depression", "anxiety"]).run()
    next_button().click().run()  # -> who with
    next_button().click().run()  # -> how to attend (skipped who-with)
    at.pills[0].set_value(["in_person", "online"]).run()
    at.radio[0].set_value("peer").run()
    next_button().click().run()  # -> where
    at.text_input[0].set_value(location).run()
    next_button().click().run()  # -> when
    at.pills[1].set_value(["evening"]).run()
    next_button().click().run()  # -> practical
    next_button().click().run()  # -> review
    next(b for b in at.button if b.label == "See my matches").click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Groups for you"]  # st.switch_page went to the matches
    # AppTest keeps its own idea of the current page across runs: follow the switch explicitly.
    at.switch_page("pages/matches.py").run()
    return at


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_through_the_router_with_the_crisis_line(page: str) -> None:
    """Each page opens with no answers yet, without an exception, under the crisis line."""
    at = app()
    at.switch_page(page).run()
    assert not at.exception
    assert CRISIS in at.info[0].value


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("pages/matches.py", "Answer a few short questions first"),
        ("pages/map.py", "Answer a few short questions first"),
        ("pages/shortlist.py", "Your shortlist is empty"),
    ],
)
def test_a_page_opened_directly_without_answers_says_what_to_do(page: str, expected: str) -> None:
    """Matches and map opened first point the person to the questionnaire; the shortlist says it is empty."""
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    at.run()
    assert not at.exception
    assert expected in texts(at)


def test_the_guide_covers_the_article_and_leads_to_the_questionnaire() -> None:
    """The guide names the four benefits and the three kinds, and ends with the way in."""
    at = app()
    body = texts(at) + "".join(e.label for e in at.expander)
    for words in ("Connection", "Validation", "Empowerment", "Hope", "Peer-led", "professional", "Online"):
        assert words in body
    assert "Not a diagnosis".lower() in texts(app().switch_page("pages/questionnaire.py").run()).lower()


def test_the_full_journey_ranks_in_matcher_order_and_fills_the_shortlist() -> None:
    """Questionnaire → matches in exactly matcher's order with reasons → shortlist two → downloads offered."""
    at = answer_questionnaire(app())
    assert at.session_state["answers"].focus == ["depression", "anxiety"]
    a: Answers = at.session_state["answers"]
    d = load_directory(ROOT / "data" / "groups.csv").directory
    expected = rank_listings(d, a, geocode("Chicago, IL"), limit=10).matches
    assert card_names(at)[:10] == [m.listing.name for m in expected]
    assert "Why it matched" in texts(at)
    samples = [m.listing.sample for m in expected]
    assert samples == sorted(samples), "real listings come before invented samples"
    assert ("Invented examples (not real groups)" in [h.value for h in at.header]) == any(samples)
    adds = [b for b in at.button if b.label == "Add to shortlist"]
    adds[0].click().run()
    next(b for b in at.button if b.label == "Add to shortlist").click().run()
    assert len(at.session_state["shortlist"]) == 2
    at.switch_page("pages/shortlist.py").run()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download as spreadsheet (CSV)", "Add to my calendar (.ics)"]


def test_saying_yes_to_the_safety_check_shows_crisis_help_first_and_lets_you_go_on() -> None:
    """Yes shows 988, 911 and 741741 straight away, and Next still works."""
    at = app().switch_page("pages/questionnaire.py").run()
    at.radio[0].set_value("Yes").run()
    help_text = at.error[0].value
    assert "988" in help_text and "911" in help_text and "741741" in help_text
    next(b for b in at.button if b.label == "Next").click().run()
    assert "Step 2 of 8" in at.get("progress")[0].proto.text


def test_matches_repeat_crisis_help_for_someone_who_said_they_are_in_danger() -> None:
    """Whoever answered "Yes" to the safety check sees 988 and 741741 again above their matches."""
    at = app()
    at.session_state["answers"] = Answers(in_danger=True)
    at.switch_page("pages/matches.py").run()
    assert "988" in at.error[0].value and "741741" in at.error[0].value
    at.session_state["answers"] = Answers(in_danger=False)
    at.run()
    assert not at.error


def test_an_unknown_place_is_explained_beside_the_field_and_nothing_is_lost() -> None:
    """A place the gazetteer does not know shows a message; the earlier answers stay."""
    at = app().switch_page("pages/questionnaire.py").run()
    at.session_state["step"] = 4
    at.session_state["draft"] = {"focus": ["grief"]}
    at.run()
    at.text_input[0].set_value("Atlantis, ZZ").run()
    assert "could not find Atlantis, ZZ" in at.error[0].value
    assert next(b for b in at.button if b.label == "Next").disabled
    assert at.session_state["draft"]["focus"] == ["grief"]


def test_no_results_says_what_hid_them_and_relaxing_brings_them_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In-person only, too near: the page says how many distance hid and one click widens it."""
    path = write_rows(
        tmp_path / "g.csv", [row(id="oak", latitude="37.8044", longitude="-122.2712", postal_code="94612")]
    )
    monkeypatch.setenv("SGF_DIRECTORY", str(path))
    at = app()
    at.session_state["answers"] = Answers(formats=["in_person"], location="94110", max_distance_miles=5)
    at.switch_page("pages/matches.py").run()
    assert "No group meets all your needs yet" in texts(at)
    widen = next(b for b in at.button if b.label.startswith("Widen to 10 miles to see 1 more"))
    widen.click().run()
    assert "1 group meets your needs" in texts(at)


def test_a_broken_directory_still_runs_on_its_good_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Bad rows never reach the person: the app runs on the valid rows and shows no error."""
    path = write_rows(tmp_path / "g.csv", [row(id="good"), row(id="bad", focus="??", formats="fax")])
    monkeypatch.setenv("SGF_DIRECTORY", str(path))
    at = app()
    at.session_state["answers"] = Answers()
    at.switch_page("pages/matches.py").run()
    assert not at.exception and not at.error
    assert "1 group meets your needs" in texts(at)


def test_an_unreadable_directory_gets_a_clear_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A directory file that cannot be read at all: a plain message, not a traceback."""
    monkeypatch.setenv("SGF_DIRECTORY", str(tmp_path / "missing.csv"))
    at = app()
    at.session_state["answers"] = Answers()
    at.switch_page("pages/matches.py").run()
    assert not at.exception
    assert "could not be read" in at.error[0].value


def test_the_map_sends_at_most_n_points_and_lists_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """The deck carries at most SGF_MAP_MAX_POINTS groups, every layer has an id, and alt text is set."""
    import json

    monkeypatch.setenv("SGF_MAP_MAX_POINTS", "3")
    at = app()
    at.session_state["answers"] = Answers(location="New York, NY", max_distance_miles=50)
    at.switch_page("pages/map.py").run()
    assert not at.exception
    chart = at.get("deck_gl_json_chart")[0].proto
    spec = json.loads(chart.json)
    layers = {layer["id"]: layer for layer in spec["layers"]}
    assert set(layers) == {"radius", "groups", "you"}
    for layer in layers.values():  # pydeck turns plain strings into JS expressions: only accessors may be
        for prop, value in layer.items():
            assert not (isinstance(value, str) and value.startswith("@@=") and not prop.startswith("get")), prop
    assert 1 <= len(layers["groups"]["data"]) <= 3
    assert "listed below the map" in chart.alt
    assert "The same groups as a list" in texts(at)


def test_hostile_directory_text_is_shown_inert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Markdown images, links and HTML in a listing are escaped, not rendered."""
    hostile = "![x](https://evil.example/p.png) [click](javascript:alert(1)) <script>alert(1)</script>"
    path = write_rows(tmp_path / "g.csv", [row(name=hostile, description=hostile)])
    monkeypatch.setenv("SGF_DIRECTORY", str(path))
    at = app()
    at.session_state["answers"] = Answers()
    at.switch_page("pages/matches.py").run()
    rendered = [m.value for m in at.markdown if "evil" in m.value] + [c.value for c in at.caption if "evil" in c.value]
    titles = [str(h.value) for h in at.subheader if "evil" in str(h.value)]  # the card's title is the name
    assert rendered and titles
    rendered += titles
    for text in rendered:
        assert "![" not in text and "](" not in text and "<script>" not in text


# --------------------------------------------------------------------------- results: cards, refine, search, share


def matches_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: list[dict[str, str]], answers: Answers
) -> AppTest:
    """The matches page over a small directory for these answers."""
    monkeypatch.setenv("SGF_DIRECTORY", str(write_rows(tmp_path / "g.csv", rows)))
    at = app()
    at.session_state["answers"] = answers
    at.switch_page("pages/matches.py").run()
    assert not at.exception
    return at


def open_refine_bar(at: AppTest) -> AppTest:
    """Open the matches page's refine bar, as a tap on its line does (its widgets are drawn only then)."""
    at.session_state[session.REFINE_OPEN] = True
    at.run()
    assert not at.exception
    return at


def test_the_refine_bar_draws_its_widgets_only_when_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Closed, the bar is one line: none of its nine widgets is drawn (each costs the phone a redraw). Opened, they
    hold the person's own answers."""
    rows = [row(id="g", name="Grief Circle", focus="grief")]
    at = matches_page(tmp_path, monkeypatch, rows, Answers(focus=["grief"], free_only=True))
    bar = next(e for e in at.expander if e.label.startswith("Refine"))
    assert not bar.multiselect and not bar.toggle and not bar.get("button_group")
    open_refine_bar(at)
    bar = next(e for e in at.expander if e.label.startswith("Refine"))
    assert bar.multiselect(key="r_focus").value == ["grief"]
    assert next(t for t in bar.toggle if t.label == "Free groups only").value is True
    assert card_names(at) == ["Grief Circle"]
    # the way back to the questions, near the top of the page (the page's own link is ten listings down)
    assert [p.proto.page for p in bar.get("page_link")] == ["questionnaire"]


def test_a_refine_label_says_none_chosen_only_while_none_is_chosen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Days (none chosen: any day)" above a chosen Thursday reads as if the choice did nothing."""
    rows = [row(id="g", name="Grief Circle", focus="grief")]
    at = open_refine_bar(matches_page(tmp_path, monkeypatch, rows, Answers(focus=["grief"], days=["thu"])))
    bar = next(e for e in at.expander if e.label.startswith("Refine"))
    labels = [g.proto.label for g in bar.get("button_group")]
    assert "Days" in labels and "Times of day (none chosen: any time)" in labels
    assert not any(label.startswith("Days (") for label in labels)


def test_which_kind_of_group_may_suit_you_is_worded_only_when_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closed, the kinds of group are one line that still counts each kind; opened, each is explained."""
    rows = [row(id="g", name="Grief Circle", focus="grief")]
    at = matches_page(tmp_path, monkeypatch, rows, Answers(focus=["grief"]))
    kinds = next(e for e in at.expander if e.label.startswith("Which kind of group may suit you"))
    assert "(1 listing)" in kinds.label and not kinds.markdown
    at.session_state[session.KINDS_OPEN] = True
    at.run()
    kinds = next(e for e in at.expander if e.label.startswith("Which kind of group may suit you"))
    assert any("fit " in m.value and "/100" in m.value for m in kinds.markdown)


def link_buttons(at: AppTest) -> dict[str, str]:
    return {b.proto.label: b.proto.url for b in at.get("link_button")}


def test_an_online_meeting_has_a_join_button_and_the_report_link_is_off_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A join link becomes "Join online"; no report link unless the deployer sets one."""
    rows = [row(formats="online", join_url="https://zoom.us/j/123", address="", latitude="", longitude="")]
    buttons = link_buttons(matches_page(tmp_path, monkeypatch, rows, Answers()))
    assert buttons["Join online"] == "https://zoom.us/j/123"
    assert "Report a problem with this listing" not in buttons


def test_the_report_link_opens_mail_with_the_listing_and_never_the_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SGF_FEEDBACK_EMAIL: a mailto: naming the listing; nothing the person answered (their place, topic)."""
    from urllib.parse import unquote

    monkeypatch.setenv("SGF_FEEDBACK_EMAIL", "listings@example.org")
    at = matches_page(tmp_path, monkeypatch, [row()], Answers(focus=["anxiety"], location="94110", age=33))
    link = unquote(link_buttons(at)["Report a problem with this listing"])
    assert link.startswith("mailto:listings@example.org?") and "Tuesday Anxiety Circle" in link and "g1" in link
    assert "94110" not in link and "33" not in link.replace("g1", "")


def test_a_card_shows_every_fact_and_a_call_button_when_there_is_a_phone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cost, languages, access, who it is for on every card; Call (tel:), Website and Directions buttons."""
    at = matches_page(
        tmp_path, monkeypatch, [row(phone="(415) 555-0100", languages="en;es", cost="donation")], Answers()
    )
    body = texts(at)
    for fact in (
        (
            "**Cost:** Free \\(donations welcome\\) · **Languages:** English and Spanish · "
            "**Access:** Wheelchair accessible"
        ),
        "**Who it is for:** Open to everyone",
    ):
        assert fact in body
    buttons = link_buttons(at)
    assert buttons["Call \\(415\\) 555\\-0100"] == "tel:4155550100"
    assert buttons["Website"] == "https://example.org"
    assert buttons["Directions"].startswith("https://www.openstreetmap.org/search?query=1+Main+St")
    assert "Call ahead" in body


def test_a_real_program_without_a_phone_never_says_call_ahead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No number to call: the card points to their site for the local chapter, and has no Call button."""
    at = matches_page(tmp_path, monkeypatch, [row(phone="")], Answers())
    assert "Call ahead" not in texts(at)
    assert "Find your local chapter or meeting on their site" in texts(at)
    assert not [label for label in link_buttons(at) if label.startswith("Call")]
    at = matches_page(tmp_path, monkeypatch, [row(phone="", formats="online")], Answers())
    assert "Call ahead" not in texts(at) and "Join through their site" in texts(at)
    assert "Directions" not in link_buttons(at)  # online only: nowhere to go


def test_an_invented_example_is_marked_ranks_last_and_offers_nothing_to_contact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sample: after the real listing under its own heading, badged, "nothing to contact", no contact buttons."""
    rows = [
        row(id="s", name="Made Up Circle", sample="true", phone="555-0101", focus="anxiety"),
        row(id="r", name="Real Circle", focus="general"),
    ]
    at = matches_page(tmp_path, monkeypatch, rows, Answers(focus=["anxiety"]))
    assert card_names(at)[:2] == ["Real Circle", "Made Up Circle"]
    assert "Invented examples (not real groups)" in [h.value for h in at.header]
    badges = [m.value for m in at.markdown if "-badge[" in m.value]  # st.badge is markdown's :color-badge[…]
    assert len(badges) == 1 and "Invented example — not a real group" in badges[0]
    assert "Invented example — there is nothing to contact." in texts(at)
    assert texts(at).count("Call ahead") == 0
    assert not [label for label in link_buttons(at) if label.startswith("Call")]


def test_the_headline_counts_plainly_and_the_first_card_comes_right_after_the_bars(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "2 groups about anxiety or mental health in general meet your needs, plus 1 invented example"; no kinds
    boxes before the listings."""
    rows = [row(id="a", focus="anxiety"), row(id="b", focus="anxiety"), row(id="s", focus="anxiety", sample="true")]
    at = matches_page(tmp_path, monkeypatch, rows, Answers(focus=["anxiety"]))
    assert "**2 groups about anxiety or mental health in general meet your needs, plus 1 invented example**" in [
        m.value for m in at.markdown
    ]
    assert "group(s)" not in texts(at)
    assert [h.value for h in at.header][:1] == ["Invented examples (not real groups)"]  # no header before cards


def test_refining_free_only_on_the_matches_page_changes_the_results_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The filter bar's "Free groups only" updates the answers and the list without the questionnaire."""
    rows = [row(id="f", name="Free Circle", cost="free"), row(id="p", name="Paid Circle", cost="fee")]
    at = open_refine_bar(matches_page(tmp_path, monkeypatch, rows, Answers()))
    assert sorted(card_names(at)) == ["Free Circle", "Paid Circle"]
    assert any(m.value == "**2 listings** fit these choices." for m in at.markdown)
    next(t for t in at.toggle if t.label == "Free groups only").set_value(True).run()
    assert card_names(at) == ["Free Circle"]
    # the open bar says so itself: on a phone the headline is off the screen above it
    assert any(m.value == "**1 listing** fits these choices." for m in at.markdown)
    assert at.session_state["answers"].free_only is True
    assert [t.value for t in at.title] == ["Groups for you"]


def test_refining_topics_in_place_hides_off_topic_groups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Choosing a topic in the filter bar leaves only groups about it (or general ones)."""
    rows = [row(id="g", name="Grief Circle", focus="grief"), row(id="o", name="OCD Circle", focus="ocd")]
    at = open_refine_bar(matches_page(tmp_path, monkeypatch, rows, Answers()))
    at.multiselect(key="r_focus").set_value(["grief"]).run()
    assert card_names(at) == ["Grief Circle"]


def test_find_by_name_shows_the_program_on_the_matches_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """Typing "trevor space" finds TrevorSpace for an LGBTQ+ 17-year-old, under the search box."""
    at = app()
    at.session_state["answers"] = Answers(communities=["lgbtq", "teens"], age=17, focus=["anxiety"])
    at.switch_page("pages/matches.py").run()
    at.text_input(key="name_query").set_value("trevor space").run()
    assert not at.exception
    assert "TrevorSpace" in card_names(at)[:1]


def test_find_by_name_respects_who_a_program_is_for() -> None:
    """A 40-year-old who searches "TrevorSpace" is told it is for others, and it is not offered."""
    at = app()
    at.session_state["answers"] = Answers(age=40)
    at.switch_page("pages/matches.py").run()
    at.text_input(key="name_query").set_value("TrevorSpace").run()
    assert "TrevorSpace" not in card_names(at)
    assert "1 program with a name like that is only for people" in texts(at)


def test_an_eligibility_exclusion_is_explained_with_no_button(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A group only for women, for a man, is counted with its reason and there is no button to "relax" who you are."""
    rows = [row(id="w", name="Women Only Circle", audience="women"), row(id="o", name="Open Circle")]
    at = matches_page(tmp_path, monkeypatch, rows, Answers(communities=["men"]))
    assert card_names(at)[:1] == ["Open Circle"]
    assert "only for women" in texts(at)
    assert not [b for b in at.button if "women" in b.label.lower() or (b.key and "audience" in b.key)]


def test_a_relax_offer_shows_exactly_as_many_more_as_it_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ "… to see 2 more" adds exactly two listings."""
    rows = [row(id="f", cost="free"), row(id="p1", cost="fee"), row(id="p2", cost="sliding_scale")]
    at = matches_page(tmp_path, monkeypatch, rows, Answers(free_only=True))
    before = len(card_names(at))
    offer = next(b for b in at.button if b.label.endswith("to see 2 more"))
    offer.click().run()
    assert len(card_names(at)) == before + 2


def test_nothing_goes_in_the_url_until_the_person_asks_for_a_shortlist_link() -> None:
    """Journey and shortlisting leave the URL empty; "Make a link" puts only listing ids there, and says so."""
    at = answer_questionnaire(app())
    next(b for b in at.button if b.label == "Add to shortlist").click().run()
    assert dict(at.query_params) == {}
    at.switch_page("pages/shortlist.py").run()
    assert dict(at.query_params) == {}
    chosen = list(at.session_state["shortlist"])
    next(b for b in at.button if b.label == "Make a link to my shortlist").click().run()
    assert not at.exception
    value = at.query_params["id"]
    assert (value if isinstance(value, list) else [value]) == chosen
    assert set(at.query_params) == {"id"}
    assert "contains **only the ids of the 1 group on it**, none of your answers" in texts(at)


def test_opening_a_shortlist_link_restores_it_in_a_new_session() -> None:
    """A fresh session opened with ?id=a&id=b shows those two groups on the shortlist."""
    d = load_directory(ROOT / "data" / "groups.csv").directory
    ids = [str(d.frame["id"].iat[0]), str(d.frame["id"].iat[5])]
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["id"] = ids
    at.run()
    at.switch_page("pages/shortlist.py").run()
    assert not at.exception
    assert list(at.session_state["shortlist"]) == ids
    assert card_names(at) == [d.listing(0).name, d.listing(5).name]


def test_the_shortlist_says_the_calendar_leaves_out_invented_examples(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a sample on the list, the page says the calendar leaves it out; the print view has no buttons."""
    rows = [row(id="r", name="Real Circle"), row(id="s", name="Made Up Circle", sample="true")]
    at = matches_page(tmp_path, monkeypatch, rows, Answers())
    for _ in range(2):
        next(b for b in at.button if b.label == "Add to shortlist").click().run()
    at.switch_page("pages/shortlist.py").run()
    assert "The calendar leaves out invented examples" in texts(at)
    at.toggle(key="print_view").set_value(True).run()
    assert not at.exception
    assert not [b for b in at.button if "shortlist" in b.label.lower()]
    assert "Made Up Circle" in texts(at) and "invented example, not a real group" in texts(at)


def test_the_map_counts_groups_at_one_spot_and_fills_no_placeholder_from_a_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two groups at one address are one dot holding both; a name with {label} stays as typed (look-alike braces)."""
    import json

    rows = [row(id="a", name="Circle {label} {names}"), row(id="b", name="Second Circle")]
    monkeypatch.setenv("SGF_DIRECTORY", str(write_rows(tmp_path / "g.csv", rows)))
    at = app()
    at.session_state["answers"] = Answers(location="94110", formats=["in_person"])
    at.switch_page("pages/map.py").run()
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    data = next(layer for layer in spec["layers"] if layer["id"] == "groups")["data"]
    assert len(data) == 1 and data[0]["count"] == 2 and sorted(data[0]["ids"]) == ["a", "b"]
    assert "{label}" not in data[0]["names"] and "\uff5blabel\uff5d" in data[0]["names"]
    legend = "".join(str(h.proto.body) for h in at.get("html"))
    assert "A group&#x27;s address" in legend and "Invented examples" not in legend  # no invented dot drawn


def test_the_map_draws_approximate_places_as_rings_and_its_legend_names_each_mark(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A listing placed only at its ZIP code's center (as the SAMHSA import marks it) is a faint ring with a
    solid edge, an exact address a solid dot; the legend names both (and the invented examples only when the
    map has one), and the tooltip and the list say "approximate"."""
    import json

    note = "Location approximate: placed at the center of its ZIP code, check the address"
    rows = [
        row(id="exact", name="Exact Circle"),
        row(id="zip", name="Zip Clinic", latitude="37.76", longitude="-122.42", worth_knowing=note),
    ]
    monkeypatch.setenv("SGF_DIRECTORY", str(write_rows(tmp_path / "g.csv", rows)))
    at = app()
    at.session_state["answers"] = Answers(location="94110", formats=["in_person"])
    at.switch_page("pages/map.py").run()
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    dots = {d["ids"][0]: d for d in next(la for la in spec["layers"] if la["id"] == "groups")["data"]}
    exact, approximate = dots["exact"], dots["zip"]
    assert exact["color"][3] > 200 and exact["line"] == [255, 255, 255, 255]  # solid, thin white edge
    assert approximate["color"][3] < 100 and approximate["line"][:3] == approximate["color"][:3]  # faint fill
    assert approximate["line"][3] == 255 and approximate["width"] > exact["width"]  # ... inside a solid ring
    assert "Approximate place" in approximate["label"] and "Approximate" not in exact["label"]
    legend = "".join(str(h.proto.body) for h in at.get("html"))
    assert "A group&#x27;s address" in legend and "Approximate place" in legend
    assert "Invented examples" not in legend
    assert "**Zip Clinic** — " in texts(at) and "approximate place" in texts(at)
    monkeypatch.setenv(
        "SGF_DIRECTORY",
        str(write_rows(tmp_path / "s.csv", [*rows, row(id="s", sample="true", latitude="37.77", longitude="-122.41")])),
    )
    at = app()
    at.session_state["answers"] = Answers(location="94110", formats=["in_person"])
    at.switch_page("pages/map.py").run()
    legend = "".join(str(h.proto.body) for h in at.get("html"))
    assert "Invented examples" in legend and "rgb(235,140,20)" in legend  # named beside the samples' color


def test_the_map_fits_the_circle_at_any_radius() -> None:
    """The distance circle fills the phone's map at any radius from 5 to 250 miles: its diameter on screen is
    between 280 and 300 px (not spilling past a 340-px map, not a speck in the middle of it)."""
    import json
    import math

    at = app()
    for miles in (5, 25, 100, 250):
        at.session_state["answers"] = Answers(location="Chicago, IL", formats=["in_person"], max_distance_miles=miles)
        at.switch_page("pages/map.py").run()
        spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
        zoom, lat = spec["initialViewState"]["zoom"], spec["initialViewState"]["latitude"]
        radius_m = next(layer for layer in spec["layers"] if layer["id"] == "radius")["getRadius"]
        assert radius_m == pytest.approx(miles * 1609.344)
        metres_per_px = 78271.517 * math.cos(math.radians(lat)) / 2**zoom
        assert 280 <= 2 * radius_m / metres_per_px <= 301, (miles, zoom)


def test_the_map_with_nothing_near_offers_the_widen_buttons(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Zero groups in range: no "Tap a dot", and the same widen button as the matches page."""
    rows = [row(id="oak", latitude="37.8044", longitude="-122.2712", postal_code="94612")]
    monkeypatch.setenv("SGF_DIRECTORY", str(write_rows(tmp_path / "g.csv", rows)))
    at = app()
    at.session_state["answers"] = Answers(formats=["in_person"], location="94110", max_distance_miles=5)
    at.switch_page("pages/map.py").run()
    assert "Tap a dot" not in texts(at)
    next(b for b in at.button if b.label.startswith("Widen to 10 miles")).click().run()
    assert "1 group within 10 miles" in texts(at)


def test_the_map_says_when_every_point_is_invented_and_sends_online_only_people_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All samples: a notice at the top. Online only: a short note and no map at all."""
    monkeypatch.setenv("SGF_DIRECTORY", str(write_rows(tmp_path / "g.csv", [row(sample="true")])))
    at = app()
    at.session_state["answers"] = Answers(location="94110")
    at.switch_page("pages/map.py").run()
    assert "Every group on this map is an **invented example**" in at.warning[0].value
    at.session_state["answers"] = Answers(location="94110", formats=["online"])
    at.run()
    assert not at.get("deck_gl_json_chart")
    assert "nothing to map" in texts(at)


INERT = (
    "https://evil.example/a www.evil.example mail@evil.example <http://evil.example> :material/home: "
    ":streamlit: $x^2$ ![i](http://evil.example/i.png) :red[red]"
)


def test_directory_text_and_the_typed_place_are_escaped_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No link, icon, math or image syntax survives in what the cards and the place message render."""
    import re

    at = matches_page(
        tmp_path,
        monkeypatch,
        [row(name=INERT, description=INERT, organization=INERT)],
        Answers(location="![i](http://evil.example/p.png) $x$"),
    )
    rendered = [m.value for m in at.markdown] + [str(s.value) for s in at.subheader] + [e.value for e in at.error]
    evil = [t for t in rendered if "evil" in t]
    assert len(evil) >= 3
    for text in evil:
        # Markdown links bare URLs, www. and e-mail addresses after reading escapes: a word joiner breaks each
        assert not re.search(r"https?\\?:|www\\?\.|[a-z]\\?@", text), text
        unescaped = re.sub(r"\\.", "", text)  # what is left once every escaped character is removed
        for live in ("://", "www.", "@evil", "<", ":material/", ":streamlit:", "$", "](", ":red["):
            assert live not in unescaped, (live, text)


def test_no_listing_shows_twice_on_the_matches_page() -> None:
    """ "Always available" skips what the list above already shows: one card, one score per listing."""
    at = app()
    at.session_state["answers"] = Answers(focus=["depression"], formats=["online", "phone"])
    at.switch_page("pages/matches.py").run()
    names = card_names(at)
    assert len(names) >= 5  # the national programs about depression or mental health in general
    assert len(names) == len(set(names))


def test_coming_back_to_the_matches_from_another_page_draws_them_again() -> None:
    """Matches → shortlist → matches: the refine bar fills its widgets again (Streamlit dropped their values
    while the page was not drawn) instead of stopping the page with an error."""
    at = app()
    at.session_state["answers"] = Answers(location="Chicago, IL")
    at.switch_page("pages/matches.py").run()
    at.switch_page("pages/shortlist.py").run()
    at.switch_page("pages/matches.py").run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Groups for you"]


def test_a_samhsa_facility_card_says_where_it_comes_from_and_what_it_takes(tmp_path: Path) -> None:
    """A listing copied from SAMHSA's directory says so and to call to confirm, and names the payment it
    takes; a deployer's own listing says neither."""
    from ui.cards import facts, source_line
    from ui.text import esc

    rows = [
        row(
            id="f",
            name="Example Mental Health Center",
            source="SAMHSA's national directory (2022 edition)",
            source_url="https://findtreatment.gov",
            payment="medicaid;medicare",
            cost="sliding_scale",
            last_verified="",
        ),
        row(id="own"),
    ]
    d = load_directory(write_rows(tmp_path / "g.csv", rows)).directory
    by_id = {m.listing.id: m for m in rank_listings(d, Answers(payment=["medicaid"], free_only=False)).matches}
    source = esc("SAMHSA's national directory (2022 edition)")
    assert source_line(by_id["f"]) == f"Listed in {source}; call to confirm."
    assert "**Takes:** Medicaid and Medicare" in facts(by_id["f"])
    assert source_line(by_id["own"]) == ""


def test_cards_are_worded_once_per_listing_and_language_and_never_left_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rerun that changes no answer (a tap on Add, a scroll of the bars) draws the same cards from their kept
    words; a switch to Spanish, or a changed answer, words them again, so no card shows the old words, even
    the shortlist's, which keeps the same matches across the switch."""
    import ui.cards
    from ui import session

    worded: list[str] = []
    word = ui.cards._word

    def counting(match: object, show_score: bool) -> object:
        worded.append(match.listing.id)  # type: ignore[attr-defined]
        return word(match, show_score)  # type: ignore[arg-type]

    monkeypatch.setattr(ui.cards, "_word", counting)
    at = app()
    at.session_state["answers"] = Answers(focus=["depression"], location="Chicago, IL")
    at.switch_page("pages/matches.py").run()
    shown = len(worded)
    english = texts(at)
    assert shown >= 5 and "**Why it matched**" in english
    at.run()
    assert len(worded) == shown and texts(at) == english  # same answers, same words, none worded again
    next(b for b in at.button if b.label == "Add to shortlist").click().run()
    at.switch_page("pages/shortlist.py").run()
    assert "**Why it matched**" in texts(at)
    at.session_state[session.LANGUAGE] = "es"
    at.run()
    assert "**Por qué aparece**" in texts(at) and "**Why it matched**" not in texts(at)
    at.switch_page("pages/matches.py").run()
    assert "**Por qué aparece**" in texts(at) and "**Why it matched**" not in texts(at)
    before = len(worded)
    at.session_state["answers"] = Answers(focus=["anxiety"], location="Chicago, IL")
    at.run()
    assert len(worded) > before and "ansiedad" in texts(at)
