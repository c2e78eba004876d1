"""Safety through AppTest: the crisis banner on every page, help boxes fitted to the answers, quick exit,
Start over, Skip on step 1, the place checked on Next with tappable suggestions, the age question,
typed text shown as plain text, and the guide's corrections in American English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from matcher import Answers, banner_resources
from tests.conftest import PAGES, ROOT
from tests.test_app import app

NOT_A_CRISIS_SERVICE = "This site is not a crisis service."


@pytest.fixture(autouse=True)
def default_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts on the bundled directory and default settings (the directory cache is per file
    path and version, so a test's own SGF_DIRECTORY is a different entry; nothing needs clearing)."""
    for name in ("SGF_DIRECTORY", "SGF_EXIT_URL", "SGF_SAMPLES"):
        monkeypatch.delenv(name, raising=False)


def everything(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [i.value for i in at.info] + [e.value for e in at.error]
    parts += [w.value for w in at.warning] + [s.value for s in at.success] + [c.value for c in at.caption]
    return "\n".join(str(p) for p in parts)


def button(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in at.button if b.label == label)


def questionnaire(at: AppTest, step: int = 0, draft: dict[str, object] | None = None) -> AppTest:
    at.switch_page("pages/questionnaire.py").run()
    if step or draft:
        at.session_state["step"] = step
        at.session_state["draft"] = dict(draft or {})
        at.run()
    return at


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_the_crisis_lines_and_says_once_it_is_not_a_crisis_service(page: str) -> None:
    """911, call/text/chat 988 and HOME to 741741 are linked on every page; "not a crisis service" once."""
    at = app().switch_page(page).run()
    assert not at.exception
    banner = at.info[0].value
    for resource in banner_resources():
        for contact in resource.contacts:
            assert f"]({contact.href})" in banner, (page, contact.href)
    assert "(sms:741741?&body=HOME)" in banner and "Call or text 988" in banner and "988lifeline.org" in banner
    assert banner.count("Text HOME to 741741") == 1, "the Crisis Text Line's keyword is said once, in its link"
    assert everything(at).count(NOT_A_CRISIS_SERVICE) == 1, page
    assert any(b.label == "Quick exit" for b in at.button)


def test_the_safety_question_names_suicide_and_step_one_can_be_skipped() -> None:
    """Step 1 asks about suicide directly, says it is not a diagnosis, and has Skip as well as Next."""
    at = questionnaire(app())
    assert "suicide" in at.radio[0].label
    assert "not a diagnosis" in everything(at)
    button(at, "Skip").click().run()
    assert at.session_state["step"] == 1


@pytest.mark.parametrize(
    ("choice", "draft", "present", "absent"),
    [
        ("Yes", {}, ["Please reach out now", "tel:988", "sms:741741?&body=HOME", "tel:211"], ["AYUDA"]),
        (
            "Yes",
            {"languages": ["es"], "communities": ["veterans"]},
            ["AYUDA", "press 2", "Veterans Crisis Line", "sms:838255"],
            [],
        ),
        ("I'd rather not say", {}, ["you don't have to say", "tel:988", "tel:211"], ["Please reach out now"]),
        ("No", {}, [], ["Please reach out now", "you don't have to say", "tel:211"]),
    ],
)
def test_the_help_box_fits_the_answer_and_the_person(
    choice: str, draft: dict[str, object], present: list[str], absent: list[str]
) -> None:
    """ "Yes" opens an urgent help box, "I'd rather not say" a gentle one with the same lines, "No" none;
    a Spanish-speaking veteran also sees 988 in Spanish and the Veterans Crisis Line."""
    at = questionnaire(app(), 0, draft)
    at.radio[0].set_value(choice).run()
    boxes = "\n".join(str(e.value) for e in at.error) + "\n".join(str(i.value) for i in at.info[1:])
    for words in present:
        assert words in boxes, words
    for words in absent:
        assert words not in boxes, words


def test_matches_page_help_box_comes_from_the_same_table() -> None:
    """crisis_help(answers) — the matches page's danger box — lists the lines for this person."""

    def page() -> None:
        from matcher import Answers
        from ui.shell import crisis_help

        crisis_help(Answers(in_danger=True, communities=["lgbtq", "teens"], age=16, focus=["substance_use"]))

    at = AppTest.from_function(page, default_timeout=30)
    at.run()
    box = at.error[0].value
    assert "The Trevor Project" in box and "sms:678678?&body=START" in box and "SAMHSA" in box
    assert "not instead of it" in box


@pytest.mark.parametrize(
    ("answers", "shown"),
    [
        ({"communities": ["veterans"], "in_danger": False, "focus": ["ptsd_trauma"]}, 1),
        ({"communities": ["military_families"]}, 1),
        ({"communities": ["veterans"], "in_danger": True}, 1),  # in the help box, not twice
        ({"communities": ["lgbtq"], "in_danger": False}, 0),
    ],
)
def test_a_veteran_sees_the_veterans_crisis_line_with_their_matches(answers: dict[str, object], shown: int) -> None:
    """A veteran (or a military family) who answered "No" at the safety check still finds the Veterans Crisis
    Line, 988 then press 1 or text 838255 as matcher/crisis.py sources it, on the matches page; once only when
    the help box is open; someone else gets no such line."""
    at = app()
    at.session_state["answers"] = Answers.model_validate(answers)
    at.switch_page("pages/matches.py").run()
    assert not at.exception
    page = everything(at)
    assert page.count("Veterans Crisis Line") == shown, page[:2000]
    if shown:
        assert "[Call 988, then press 1](tel:988)" in page and "[Text 838255](sms:838255)" in page


def test_quick_exit_clears_the_session_and_sends_the_tab_to_the_exit_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """Quick exit drops answers, draft and shortlist, and replaces the page with SGF_EXIT_URL."""
    monkeypatch.setenv("SGF_EXIT_URL", "https://example.org/news")
    at = questionnaire(app(), 2, {"focus": ["grief"]})
    at.session_state["answers"] = Answers(focus=["grief"])
    at.session_state["shortlist"] = {"x": object()}
    button(at, "Quick exit").click().run()
    for key in ("answers", "shortlist", "draft"):
        assert key not in at.session_state, key
    scripts = [str(h.proto.body) for h in at.get("html")]
    assert any('window.location.replace("https://example.org/news")' in s for s in scripts), scripts
    assert "Your answers are cleared" in everything(at)


def test_no_navigation_away_without_the_tap() -> None:
    """Without a Quick exit tap, no page carries a script that navigates (the site starts no navigation)."""
    at = app()
    for page in PAGES:
        at.switch_page(page).run()
        assert not any("location.replace" in str(h.proto.body) for h in at.get("html")), page


def test_start_over_clears_answers_and_shortlist_and_returns_to_step_one() -> None:
    """Start over forgets the draft, the answers and the shortlist and shows step 1 with nothing chosen."""
    at = questionnaire(app(), 5, {"focus": ["grief"], "days": ["mon"]})
    at.session_state["answers"] = Answers(focus=["grief"])
    at.session_state["shortlist"] = {"x": object()}
    assert "Start over clears your answers and shortlist" in everything(at)
    button(at, "Start over").click().run()
    assert at.session_state["step"] == 0
    assert at.session_state["draft"] == {}
    assert "answers" not in at.session_state and "shortlist" not in at.session_state
    assert at.radio[0].value is None


def test_a_place_typed_without_enter_is_checked_on_next_and_a_suggestion_is_one_tap() -> None:
    """Next with an ambiguous place stays with the message and suggestion buttons; one tap picks one."""
    at = questionnaire(app(), 4, {"focus": ["grief"]})
    at.text_input[0].input("Springfield")
    button(at, "Next").click().run()
    assert at.session_state["step"] == 4
    assert "several places called Springfield" in everything(at)
    pick = next(b for b in at.button if b.label.replace("\\", "") == "Springfield, IL")
    pick.click().run()
    assert at.text_input[0].value == "Springfield, IL"
    assert "Found:" in everything(at)
    button(at, "Next").click().run()
    assert at.session_state["step"] == 5
    assert at.session_state["draft"]["focus"] == ["grief"]


def test_a_resolvable_place_typed_without_enter_moves_on() -> None:
    """A known place typed and Next pressed goes to the next step with the place kept."""
    at = questionnaire(app(), 4)
    at.text_input[0].input("Houston TX")
    button(at, "Next").click().run()
    assert at.session_state["step"] == 5
    assert at.session_state["draft"]["location"] == "Houston TX"


def test_a_place_outside_the_us_says_so_and_next_goes_on_with_online_and_phone_groups() -> None:
    """ "Paris, France": the outside-US message, Next enabled; the first Next stays on the step with the
    message (only Next marks it as told), the second goes on with no place kept."""
    at = questionnaire(app(), 4)
    at.text_input[0].input("Paris, France").run()
    assert "only US places are covered" in everything(at)
    assert not button(at, "Next").disabled
    button(at, "Next").click().run()
    assert at.session_state["step"] == 4 and "only US places are covered" in everything(at)
    button(at, "Next").click().run()
    assert at.session_state["step"] == 5
    assert "location" not in at.session_state["draft"]


def test_a_typed_place_is_plain_text_everywhere() -> None:
    """Markdown typed into the place box (links, images) is shown as the characters typed, never rendered."""
    typed = "![x](https://evil.example/a.png) [y](https://evil.example)"
    at = questionnaire(app(), 4)
    at.text_input[0].input(typed)
    button(at, "Next").click().run()
    at.session_state["step"] = 7
    at.run()
    shown = everything(at)
    assert "](https://evil" not in shown and "![" not in shown
    assert "\\!\\[x\\]" in shown


def test_age_is_asked_and_reaches_the_answers() -> None:
    """Step 3 asks the optional age ("some groups are for certain ages"); it is kept in the answers."""
    at = questionnaire(app(), 2)
    assert "How old are you?" in at.number_input[0].label and "certain ages" in at.number_input[0].label
    assert "family members and caregivers" in everything(at) and "if you are one" in everything(at)
    at.number_input[0].set_value(17).run()
    at.session_state["step"] = 7
    at.run()
    button(at, "See my matches").click().run()
    assert at.session_state["answers"].age == 17


def test_i_would_rather_not_say_is_remembered_for_the_matches_page() -> None:
    """Finishing after "I'd rather not say" keeps in_danger unknown and the gentle box on the matches page."""
    at = questionnaire(app())
    at.radio[0].set_value("I'd rather not say").run()
    at.session_state["step"] = 7
    at.run()
    button(at, "See my matches").click().run()
    assert at.session_state["answers"].in_danger is None
    assert at.session_state["safety_declined"] is True


GUIDE = ROOT / "content" / "guide"
BRITISH = re.compile(
    r"\b(colour|counsell|behaviour|centre|organis|recognis|favour|neighbour|programme|"
    r"judgement|travell|cancell|labell|modell|analys|apologis|realis)",
    re.IGNORECASE,
)
OWN_FILES = [
    ROOT / "app.py",
    ROOT / "pages" / "questionnaire.py",
    ROOT / "pages" / "guide.py",
    ROOT / "pages" / "privacy.py",
    ROOT / "matcher" / "crisis.py",
    *sorted((ROOT / "ui").glob("*.py")),
    *sorted(GUIDE.glob("*.md")),
]


@pytest.mark.parametrize("path", OWN_FILES, ids=lambda p: str(Path(p).relative_to(ROOT)))
def test_user_facing_text_is_american_english(path: Path) -> None:
    """No British spellings (colour, counsellor, behaviour, centre, organisation…) in the app and guide."""
    found = BRITISH.findall(path.read_text(encoding="utf-8"))
    assert not found, f"{path.name}: {found}"


def test_the_guide_has_the_corrections_and_the_new_sections() -> None:
    """The guide says most groups are not therapy, confidentiality is an agreement, 211 and FindTreatment.gov
    help, and adds warning signs, online safety and "not instead of treatment or crisis care"."""
    at = app()
    text = everything(at) + "\n".join(str(h.value) for h in at.header)
    for words in (
        "Most support groups are not therapy",
        "none of them gives a diagnosis",
        "an agreement, not a guarantee",
        "Dial 211",
        "FindTreatment.gov",
        "a therapist, not a group",
        "Signs a group is not right for you",
        "stop treatment or medication",
        "sell you something",
        "religious content",
        "medical advice",
        "Staying safe online",
        "does not replace care",
        "not the place to turn in a crisis",
    ):
        assert words in text, words
    for gone in ("rather than waiting for it", "A group is not therapy", "Mental Health America and DBSA"):
        assert gone not in text, gone
