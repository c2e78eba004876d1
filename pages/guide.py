"""Guide: what support groups are, why they help, the three kinds, how to find, choose and stay safe.

Headings are drawn without anchor links (they would add an empty "Link to heading" stop for keyboard
and screen-reader users), and the way into the questionnaire is on the first screen of a phone.
"""

from pathlib import Path

import streamlit as st

from ui import session
from ui.config import CONTENT
from ui.i18n import _, language
from ui.shell import page_nav, page_shell
from ui.state import answers

page_shell()

START = _("Find groups that fit me")


def guide_folder(lang: str) -> Path:
    """The guide in the person's language: content/guide/<lang>/ when it is there, else the English one."""
    folder = CONTENT / "guide" / lang
    return folder if lang != "en" and folder.is_dir() else CONTENT / "guide"


def section(name: str) -> tuple[str, str]:
    """A guide section from the person's language's folder: its title (the first "# " line) and its body.
    A section not yet written in that language is read in English rather than left out."""
    path = guide_folder(language()) / f"{name}.md"
    if not path.is_file():
        path = CONTENT / "guide" / f"{name}.md"
    text = path.read_text(encoding="utf-8")
    first, _sep, body = text.partition("\n")
    return first.removeprefix("# ").strip(), body.strip()


def show(name: str) -> None:
    title, body = section(name)
    st.header(title, anchor=False)
    st.markdown(body)


def start(key: str) -> None:
    """The way in: a primary button (big and plain on a phone) that opens the questionnaire."""
    if st.button(START, type="primary", icon=":material/arrow_forward:", key=key):
        st.switch_page("pages/questionnaire.py")


st.title(_("Finding a support group"), anchor=False)
st.markdown(_("Eight short steps, about two minutes. Every question can be skipped, and nothing you answer is stored."))
start("start_top")

show("01-what")
show("02-why")

st.header(_("Three kinds of group"), anchor=False)
st.markdown(_("Which sounds most like what you need right now? Pick one to read about it — you can look at all three."))
kinds = {
    "peer": _("People who've been there"),
    "professional": _("A professional to guide us"),
    "online": _("Something I can join from home"),
}
chosen = st.segmented_control(
    _("What sounds most like you?"),
    options=list(kinds),
    format_func=kinds.__getitem__,
    default="peer",
    key=session.GUIDE_KIND,
)
for kind in kinds:
    title, body = section(f"03-{kind}")
    with st.expander(title, expanded=kind == chosen):
        st.markdown(body)

for name in ("04-find", "05-first-meeting", "06-choose", "07-not-right", "08-online-safety", "09-not-instead"):
    show(name)

st.divider()
st.markdown(
    _(
        "**Ready?** Eight short steps, about two minutes. Every question can be skipped, and nothing "
        "you answer is stored."
    )
)
start("start_bottom")
if answers() is not None:
    page_nav("matches", "shortlist", "answers")
