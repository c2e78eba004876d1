"""Guide: what support groups are, why they help, the three kinds, how to find, choose and stay safe.

Headings are drawn without anchor links (they would add an empty "Link to heading" stop for keyboard
and screen-reader users), and the way into the questionnaire is on the first screen of a phone.
"""

import streamlit as st

from ui import session
from ui.config import CONTENT
from ui.shell import link, page_shell

page_shell()

START = "Find groups that fit me"


def section(name: str) -> tuple[str, str]:
    """A guide section from content/guide/: its title (the first "# " line) and its body."""
    text = (CONTENT / "guide" / f"{name}.md").read_text(encoding="utf-8")
    first, _, body = text.partition("\n")
    return first.removeprefix("# ").strip(), body.strip()


def show(name: str) -> None:
    title, body = section(name)
    st.header(title, anchor=False)
    st.markdown(body)


st.title("Finding a support group", anchor=False)
st.markdown("Eight short steps, about two minutes. Every question can be skipped, and nothing you answer "
            "is stored.")
link("pages/questionnaire.py", START, icon=":material/arrow_forward:")

show("01-what")
show("02-why")

st.header("Three kinds of group", anchor=False)
st.markdown("Which sounds most like what you need right now? Pick one to read about it — you can look at all three.")
kinds = {"peer": "People who've been there", "professional": "A professional to guide us",
         "online": "Something I can join from home"}
chosen = st.segmented_control("What sounds most like you?", options=list(kinds), format_func=kinds.__getitem__,
                              default="peer", key=session.GUIDE_KIND)
for kind in kinds:
    title, body = section(f"03-{kind}")
    with st.expander(title, expanded=kind == chosen):
        st.markdown(body)

for name in ("04-find", "05-first-meeting", "06-choose", "07-not-right", "08-online-safety", "09-not-instead"):
    show(name)

st.divider()
st.markdown("**Ready?** Eight short steps, about two minutes. Every question can be skipped, and nothing "
            "you answer is stored.")
link("pages/questionnaire.py", START, icon=":material/arrow_forward:")
